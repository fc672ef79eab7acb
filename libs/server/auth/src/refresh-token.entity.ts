import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One link in a refresh-token family. Each use rotates to a new token; a
 * rotated or revoked token presented again means it was stolen, and the whole
 * family is revoked — except within a few seconds of its rotation, when it is
 * another tab of the same browser and gets the same new pair.
 */
@Entity('refresh_tokens')
export class RefreshToken {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid') userId!: string;
  @Column('uuid') orgId!: string;
  @Column('uuid') familyId!: string;
  @Column() tokenHash!: string;
  @Column({ type: 'timestamptz' }) expiresAt!: Date;
  @Column({ type: 'timestamptz', nullable: true }) rotatedAt!: Date | null;
  @Column({ type: 'timestamptz', nullable: true }) revokedAt!: Date | null;
  /** The pair this token was rotated to, sealed: the answer to the same token again within the grace window. */
  @Column({ type: 'text', nullable: true }) successorSealed!: string | null;
  @Column({ type: 'text', nullable: true }) ip!: string | null;
  @Column({ type: 'text', nullable: true }) userAgent!: string | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt!: Date;
}
