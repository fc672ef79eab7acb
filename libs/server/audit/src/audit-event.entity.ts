import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** Append-only: a database trigger refuses UPDATE, DELETE and TRUNCATE. */
@Entity('audit_events')
export class AuditEventEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id!: string;
  @Column({ type: 'uuid', nullable: true }) orgId!: string | null;
  @Column({ type: 'timestamptz', default: () => 'now()' }) at!: Date;
  @Column({ type: 'uuid', nullable: true }) actorId!: string | null;
  @Column({ type: 'text', nullable: true }) actorEmail!: string | null;
  @Column() action!: string;
  @Column() resourceType!: string;
  @Column({ type: 'text', nullable: true }) resourceId!: string | null;
  @Column({ type: 'text', nullable: true }) ip!: string | null;
  @Column({ type: 'text', nullable: true }) userAgent!: string | null;
  @Column({ type: 'text', nullable: true }) requestId!: string | null;
  @Column({ type: 'uuid', nullable: true }) apiTokenId!: string | null;
  @Column({ type: 'jsonb' }) details!: Record<string, unknown>;
}

export const AUDIT_ENTITIES = [AuditEventEntity];
