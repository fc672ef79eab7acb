import type { IngestErrorCode } from '@tessera/contracts';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

@Entity('assets')
export class AssetEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid') orgId!: string;
  @Column('uuid') projectId!: string;
  @Column({ type: 'text' }) kind!: 'image' | 'text' | 'dicom';
  @Column({ type: 'text' }) status!: 'pending' | 'ready' | 'failed' | 'quarantined';
  /** De-identified Series Instance UID, for DICOM series. */
  @Column({ type: 'text', nullable: true }) seriesUid!: string | null;
  @Column() name!: string;
  /** The uploaded bytes, content-addressed in the blob store. */
  @Column() blobKey!: string;
  @Column() sha256!: string;
  @Column({ type: 'bigint' }) size!: string;
  @Column({ type: 'text', nullable: true }) contentType!: string | null;
  @Column({ type: 'int', nullable: true }) width!: number | null;
  @Column({ type: 'int', nullable: true }) height!: number | null;
  @Column({ type: 'text', nullable: true }) thumbnailKey!: string | null;
  @Column({ type: 'text', nullable: true }) preview!: string | null;
  @Column({ type: 'text', nullable: true }) error!: string | null;
  /** The machine code of `error`, for translation (INGEST_ERROR_CODES). */
  @Column({ type: 'text', nullable: true }) errorCode!: IngestErrorCode | null;
  @Column({ type: 'jsonb' }) metadata!: Record<string, unknown>;
  @Column({ type: 'uuid', nullable: true }) createdBy!: string | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt!: Date;
}

export const ASSET_ENTITIES = [AssetEntity];
