import { Column, CreateDateColumn, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import type { Role } from '@tessera/contracts';

@Entity('organizations')
export class Organization {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column() name!: string;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt!: Date;
}

@Entity('users')
export class User {
  @PrimaryGeneratedColumn('uuid') id!: string;
  /** Stored lower-case; unique. */
  @Column() email!: string;
  @Column() name!: string;
  @Column() passwordHash!: string;
  @Column({ type: 'timestamptz' }) passwordChangedAt!: Date;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt!: Date;
}

@Entity('memberships')
export class Membership {
  @PrimaryColumn('uuid') orgId!: string;
  @PrimaryColumn('uuid') userId!: string;
  @Column({ type: 'text' }) role!: Role;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt!: Date;
}

@Entity('invitations')
export class Invitation {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid') orgId!: string;
  @Column() email!: string;
  @Column({ type: 'text' }) role!: Role;
  /** sha256 of the secret in the link; the secret itself is never stored. */
  @Column() tokenHash!: string;
  @Column({ type: 'timestamptz' }) expiresAt!: Date;
  @Column({ type: 'timestamptz', nullable: true }) acceptedAt!: Date | null;
  @Column({ type: 'timestamptz', nullable: true }) revokedAt!: Date | null;
  @Column({ type: 'uuid', nullable: true }) createdBy!: string | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt!: Date;
}
