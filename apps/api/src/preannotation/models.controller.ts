import { Body, Delete, Get, Inject, Param, Patch, Post, Put, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  autoAnnotateRequest, idParams, jobRun, model, modelAccuracy, projectModelList, modelClasses, modelCreateRequest, modelKindList, modelList, modelUpdateRequest, preannotationRequest,
  type AutoAnnotateRequest, type IdParams, type ModelCreateParsed, type ModelUpdateRequest, type PreannotationRequestParsed,
} from '@tessera/contracts';
import { AnnotationSets, type SetAccess } from '@tessera/server/annotations';
import { Can, CurrentActor, type Actor } from '@tessera/server/auth';
import { CONFIG, type Config } from '@tessera/server/config';
import { ApiController, Contract, forbidden, ProblemError, reason, watchedParts } from '@tessera/server/http';
import { ProjectsService } from '@tessera/server/projects';
import { ModelAccuracyService, ModelsService } from '@tessera/server/preannotation';

/** Models and pre-annotation: thin routes over libs/server/preannotation. */
@ApiController()
export class ModelsController {
  constructor(
    private readonly models: ModelsService,
    private readonly accuracy: ModelAccuracyService,
    private readonly sets: AnnotationSets,
    private readonly projects: ProjectsService,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  @Can('models.manage')
  @Get('models')
  @Contract({ summary: "Your organisation's models", tags: ['models'], response: modelList })
  async list(@CurrentActor() actor: Actor) {
    return { items: await this.models.list(actor) };
  }

  @Can('models.manage')
  @Get('model-kinds')
  @Contract({ summary: 'The kinds of model this installation runs (built-in, remote, uploaded), with the classes of the built-in ones', tags: ['models'], response: modelKindList })
  kinds() {
    return { items: this.models.kinds() };
  }

  @Can('models.manage')
  @Post('models')
  @Contract({
    summary: "Add a model: its kind, version, media type, label map (model class → the project's label; unmapped classes are dropped), defaults and the projects it is enabled in. A remote model's url on a loopback, private or link-local address is refused (422) unless allowlisted",
    tags: ['models'], body: modelCreateRequest, response: model, status: 201,
  })
  create(@CurrentActor() actor: Actor, @Body() body: ModelCreateParsed) {
    return this.models.create(actor, body);
  }

  @Can('models.manage')
  @Get('models/:id')
  @Contract({ summary: 'One model', tags: ['models'], params: idParams, response: model })
  get(@CurrentActor() actor: Actor, @Param() p: IdParams) {
    return this.models.get(actor, p.id);
  }

  @Can('models.manage')
  @Patch('models/:id')
  @Contract({ summary: 'Change a model: name, version (a new version keeps its predictions and figures apart), url, label map, defaults, projects', tags: ['models'], params: idParams, body: modelUpdateRequest, response: model })
  update(@CurrentActor() actor: Actor, @Param() p: IdParams, @Body() body: ModelUpdateRequest) {
    return this.models.update(actor, p.id, body);
  }

  @Can('models.manage')
  @Delete('models/:id')
  @Contract({ summary: 'Remove a model (its predictions stay, and name it)', tags: ['models'], params: idParams, status: 204 })
  async remove(@CurrentActor() actor: Actor, @Param() p: IdParams) {
    await this.models.delete(actor, p.id);
  }

  @Can('models.manage')
  @Put('models/:id/file')
  @Contract({
    summary: "Upload an onnx-yolo model's .onnx file (multipart, a part named `file`): onnxruntime loads it and checks its input and output against the model's classes first; a file that is not such a detector is a 422",
    tags: ['models'], params: idParams, upload: true, response: model,
  })
  async upload(@CurrentActor() actor: Actor, @Param() p: IdParams, @Req() req: FastifyRequest) {
    // Another organisation's model is not found, whatever the body: nothing about the request is read first.
    await this.models.get(actor, p.id);
    if (!req.isMultipart()) throw new ProblemError(415, 'Unsupported Media Type', 'Send the model as multipart/form-data, in a part named "file".');
    const limit = this.config.UPLOAD_MAX_FILE_BYTES;
    let bytes: Buffer | null = null;
    const body = watchedParts(req.parts({ limits: { fileSize: limit, fields: 5 } }));
    try {
      for await (const part of body.parts) {
        if (part.type === 'field') continue;
        if (part.fieldname !== 'file' || bytes) {
          part.file.resume();
          continue;
        }
        bytes = await part.toBuffer();
        if (part.file.truncated) throw new ProblemError(413, 'Content Too Large', `The file is larger than ${limit} bytes.`);
      }
    } catch (e) {
      throw body.problem(e);
    }
    if (!bytes?.length) throw new ProblemError(400, 'Bad Request', 'The request has no file (a non-empty part named "file").', [{ path: 'file', message: 'required' }]);
    return this.models.uploadFile(actor, p.id, bytes);
  }

  @Can('models.manage')
  @Get('models/:id/classes')
  @Contract({
    summary: "The classes the model can return, for its label map: a built-in's own, an uploaded detector's, or what its server says (Label Studio ML backend: /health and /setup with the project's labelling config; MONAI Label: /info)",
    tags: ['models'], params: idParams, response: modelClasses,
  })
  classes(@CurrentActor() actor: Actor, @Param() p: IdParams) {
    return this.models.classes(actor, p.id);
  }

  @Can('models.manage')
  @Get('models/:id/accuracy')
  @Contract({
    summary: "Each version's accuracy against the work people accepted on the assets it predicted: box mAP, span P/R/F1, mask Dice, OCR character error rate, share accepted, active time with and without predictions",
    tags: ['models'], params: idParams, response: modelAccuracy,
  })
  accuracyOf(@CurrentActor() actor: Actor, @Param() p: IdParams) {
    return this.accuracy.accuracy(actor, p.id);
  }

  @Can('models.manage')
  @Get('models/:id/accuracy.csv')
  @Contract({ summary: "The model's accuracy as CSV (a row per version, then a row per version and label)", tags: ['models'], params: idParams, produces: 'text/csv' })
  async accuracyCsv(@CurrentActor() actor: Actor, @Param() p: IdParams, @Res({ passthrough: true }) reply: FastifyReply) {
    const { fileName, body } = await this.accuracy.csv(actor, p.id);
    reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${fileName}"`).header('x-content-type-options', 'nosniff');
    return body;
  }

  @Can('models.manage')
  @Post('projects/:id/preannotations')
  @Contract({
    summary: "Pre-annotate a project's assets (a batch, given assets, or a filter) with a model enabled in it: a background job, one item per asset",
    tags: ['models'], params: idParams, body: preannotationRequest, response: jobRun, status: 202,
  })
  start(@CurrentActor() actor: Actor, @Param() p: IdParams, @Body() body: PreannotationRequestParsed) {
    return this.models.start(actor, p.id, body);
  }

  @Can('models.run')
  @Get('projects/:id/models')
  @Contract({ summary: 'The models enabled in a project, as an editor offers them for auto-annotation', tags: ['models'], params: idParams, response: projectModelList })
  async enabled(@CurrentActor() actor: Actor, @Param() p: IdParams) {
    await this.projects.get(actor, p.id, 'models.run');
    return { items: await this.models.enabledIn(actor, p.id) };
  }

  @Can('models.run')
  @Post('tasks/:id/auto-annotate')
  @Contract({
    summary: "Auto-annotate a task's asset with a model enabled in its project: a background job whose predictions arrive live in the task",
    tags: ['models'], params: idParams, body: autoAnnotateRequest, response: jobRun, status: 202,
  })
  async autoAnnotateTask(@CurrentActor() actor: Actor, @Param() p: IdParams, @Body() body: AutoAnnotateRequest) {
    return this.autoAnnotate(actor, await this.sets.openForTask(actor, p.id), body);
  }

  @Can('models.run')
  @Post('assets/:id/auto-annotate')
  @Contract({
    summary: 'Auto-annotate an asset with a model enabled in its project: a background job whose predictions arrive live in its working set',
    tags: ['models'], params: idParams, body: autoAnnotateRequest, response: jobRun, status: 202,
  })
  async autoAnnotateAsset(@CurrentActor() actor: Actor, @Param() p: IdParams, @Body() body: AutoAnnotateRequest) {
    return this.autoAnnotate(actor, await this.sets.openForAsset(actor, p.id), body);
  }

  private async autoAnnotate(actor: Actor, set: SetAccess, body: AutoAnnotateRequest) {
    // Only where the person may edit now: their own task while it is theirs, or an asset they may annotate.
    if (!set.canEdit) throw forbidden('This work is not yours to edit now.', undefined, reason('not_yours_to_edit'));
    await this.projects.get(actor, set.projectId, 'models.run');
    return this.models.start(actor, set.projectId, { modelId: body.modelId, selection: { assetIds: [set.assetId] } }, true);
  }
}
