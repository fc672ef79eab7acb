export * from './members.service';
export * from './invitations.service';
export * from './orgs.module';
