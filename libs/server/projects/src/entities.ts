import { Column, CreateDateColumn, Entity, PrimaryColumn, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { LabelSchema, MediaType, ProjectRole, WorkflowSettings } from '@tessera/contracts';

@Entity('projects')
export class ProjectEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid') orgId!: string;
  @Column() name!: string;
  @Column() description!: string;
  @Column({ type: 'text' }) mediaType!: MediaType;
  @Column({ type: 'text' }) status!: 'active' | 'archived';
  @Column() guidelines!: string;
  @Column({ type: 'jsonb' }) workflow!: WorkflowSettings;
  /** The current label-schema version; the schema itself lives in label_schema_versions. */
  @Column('int') schemaVersion!: number;
  @Column({ type: 'uuid', nullable: true }) createdBy!: string | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt!: Date;
}

@Entity('label_schema_versions')
export class LabelSchemaVersion {
  @PrimaryColumn('uuid') projectId!: string;
  @PrimaryColumn('int') version!: number;
  @Column('uuid') orgId!: string;
  @Column({ type: 'jsonb' }) schema!: LabelSchema;
  @Column({ type: 'uuid', nullable: true }) createdBy!: string | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt!: Date;
}

@Entity('project_members')
export class ProjectMemberEntity {
  @PrimaryColumn('uuid') projectId!: string;
  @PrimaryColumn('uuid') userId!: string;
  @Column('uuid') orgId!: string;
  @Column({ type: 'text' }) role!: ProjectRole;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt!: Date;
}

export const PROJECT_ENTITIES = [ProjectEntity, LabelSchemaVersion, ProjectMemberEntity];
