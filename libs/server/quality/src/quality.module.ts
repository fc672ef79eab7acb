import { Module } from '@nestjs/common';
import { AnnotationsModule } from '@tessera/server/annotations';
import { AssetsModule } from '@tessera/server/assets';
import { JobsModule } from '@tessera/server/jobs';
import { ProjectsModule } from '@tessera/server/projects';
import { StorageModule } from '@tessera/server/storage';
import { AssetConsensus } from './asset-consensus';
import { ConsensusAcceptance } from './consensus-acceptance';
import { ConsensusWriter } from './consensus-writer';
import { Fingerprints } from './fingerprints';
import { PersonStatuses } from './person-status';
import { ProjectReport } from './project-report';
import { Qualifications } from './qualifications';
import { QualityDispatch } from './quality-dispatch';
import { QualityGateService } from './quality-gate';
import { QualityService } from './quality.service';
import { TaskScoring } from './task-scoring';

const services = [QualityDispatch, PersonStatuses, QualityGateService, QualityService, Qualifications, TaskScoring, AssetConsensus, ProjectReport, Fingerprints, ConsensusWriter, ConsensusAcceptance];

/** Quality control: the jobs' domain (scoring, consensus, reports, fingerprints) and what the API reads. The worker adds QualitySweeper. */
@Module({
  imports: [AnnotationsModule, AssetsModule, JobsModule, ProjectsModule, StorageModule],
  providers: services,
  exports: services,
})
export class QualityModule {}
