import { Body, Delete, Get, Param, Patch, Post, Put, Query } from '@nestjs/common';
import {
  idParams, labelSchemaUpdateRequest, project, projectCreateRequest, projectList, projectListQuery, projectMember,
  projectMemberAddRequest, projectMemberList, projectMemberParams, projectUpdateRequest, schemaVersion, schemaVersionList,
  schemaVersionParams, type IdParams, type LabelSchema, type ProjectMemberAddRequest, type ProjectListQuery,
} from '@tessera/contracts';
import { DataRemoval } from '@tessera/server/assets';
import { Can, CurrentActor, type Actor } from '@tessera/server/auth';
import { ApiController, Contract } from '@tessera/server/http';
import { ProjectsService, type NewProject, type ProjectPatch } from '@tessera/server/projects';

@ApiController('projects')
export class ProjectsController {
  constructor(private readonly projects: ProjectsService, private readonly removal: DataRemoval) {}

  @Can('projects.read')
  @Get()
  @Contract({ summary: 'Projects you can see', tags: ['projects'], query: projectListQuery, response: projectList })
  list(@CurrentActor() actor: Actor, @Query() query: ProjectListQuery) {
    return this.projects.list(actor, query);
  }

  @Can('projects.create')
  @Post()
  @Contract({ summary: 'Create a project with its first label schema', tags: ['projects'], body: projectCreateRequest, response: project, status: 201 })
  create(@CurrentActor() actor: Actor, @Body() body: NewProject) {
    return this.projects.create(actor, body);
  }

  @Can('projects.read')
  @Get(':id')
  @Contract({ summary: 'One project with its current label schema', tags: ['projects'], params: idParams, response: project })
  get(@CurrentActor() actor: Actor, @Param() p: IdParams) {
    return this.projects.get(actor, p.id);
  }

  @Can('projects.update')
  @Patch(':id')
  @Contract({ summary: 'Edit name, description, guidelines or workflow settings', tags: ['projects'], params: idParams, body: projectUpdateRequest, response: project })
  update(@CurrentActor() actor: Actor, @Param() p: IdParams, @Body() body: ProjectPatch) {
    return this.projects.update(actor, p.id, body);
  }

  @Can('projects.update')
  @Put(':id/label-schema')
  @Contract({ summary: 'Replace the label schema, making a new version', tags: ['projects'], params: idParams, body: labelSchemaUpdateRequest, response: project })
  replaceSchema(@CurrentActor() actor: Actor, @Param() p: IdParams, @Body() body: { basedOnVersion: number; labelSchema: LabelSchema }) {
    return this.projects.replaceSchema(actor, p.id, body.basedOnVersion, body.labelSchema);
  }

  @Can('projects.read')
  @Get(':id/schema-versions')
  @Contract({ summary: 'Every version of the label schema', tags: ['projects'], params: idParams, response: schemaVersionList })
  async versions(@CurrentActor() actor: Actor, @Param() p: IdParams) {
    return { items: await this.projects.listVersions(actor, p.id) };
  }

  @Can('projects.read')
  @Get(':id/schema-versions/:version')
  @Contract({ summary: 'One version of the label schema', tags: ['projects'], params: schemaVersionParams, response: schemaVersion })
  version(@CurrentActor() actor: Actor, @Param() p: { id: string; version: number }) {
    return this.projects.getVersion(actor, p.id, p.version);
  }

  @Can('projects.archive')
  @Post(':id/archive')
  @Contract({ summary: 'Archive a project (hidden from lists, kept whole)', tags: ['projects'], params: idParams, response: project })
  archive(@CurrentActor() actor: Actor, @Param() p: IdParams) {
    return this.projects.setStatus(actor, p.id, 'archived');
  }

  @Can('projects.archive')
  @Post(':id/restore')
  @Contract({ summary: 'Restore an archived project', tags: ['projects'], params: idParams, response: project })
  restore(@CurrentActor() actor: Actor, @Param() p: IdParams) {
    return this.projects.setStatus(actor, p.id, 'active');
  }

  @Can('projects.delete')
  @Delete(':id')
  @Contract({ summary: 'Delete an archived project with all its data, releases and exports (its bytes go once nothing else holds them)', tags: ['projects'], params: idParams, status: 204 })
  async remove(@CurrentActor() actor: Actor, @Param() p: IdParams) {
    await this.removal.project(actor, p.id);
  }

  @Can('projects.read')
  @Get(':id/members')
  @Contract({ summary: 'People in the project and their project roles', tags: ['projects'], params: idParams, response: projectMemberList })
  async members(@CurrentActor() actor: Actor, @Param() p: IdParams) {
    return { items: await this.projects.listMembers(actor, p.id) };
  }

  @Can('projects.members.manage')
  @Post(':id/members')
  @Contract({ summary: 'Add an organisation member to the project (or change their project role)', tags: ['projects'], params: idParams, body: projectMemberAddRequest, response: projectMember, status: 201 })
  addMember(@CurrentActor() actor: Actor, @Param() p: IdParams, @Body() body: ProjectMemberAddRequest) {
    return this.projects.addMember(actor, p.id, body.userId, body.role);
  }

  @Can('projects.members.manage')
  @Delete(':id/members/:userId')
  @Contract({ summary: 'Remove someone from the project', tags: ['projects'], params: projectMemberParams, status: 204 })
  async removeMember(@CurrentActor() actor: Actor, @Param() p: { id: string; userId: string }) {
    await this.projects.removeMember(actor, p.id, p.userId);
  }
}
