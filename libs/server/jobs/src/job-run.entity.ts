import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { JobName, JobRun, JobState } from '@tessera/contracts';

/** What people see of a background job; the BullMQ job is the engine behind it. */
@Entity('job_runs')
export class JobRunEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid') orgId!: string;
  @Column({ type: 'text' }) type!: JobName;
  @Column({ type: 'text' }) state!: JobState;
  @Column({ type: 'real' }) progress!: number;
  @Column({ type: 'jsonb' }) counts!: JobRun['counts'];
  @Column({ type: 'jsonb' }) errors!: JobRun['errors'];
  @Column({ type: 'jsonb' }) params!: Record<string, unknown>;
  @Column({ type: 'jsonb', nullable: true }) result!: (JobRun['result'] & { blobKey?: string }) | null;
  @Column('int') attempts!: number;
  @Column({ type: 'uuid', nullable: true }) createdBy!: string | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt!: Date;
  @Column({ type: 'timestamptz', nullable: true }) startedAt!: Date | null;
  @Column({ type: 'timestamptz', nullable: true }) finishedAt!: Date | null;
}

export const JOB_ENTITIES = [JobRunEntity];
