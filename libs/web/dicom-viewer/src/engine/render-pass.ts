// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- see engine/cornerstone.ts
/// <reference path="./vtk-modules.d.ts" />
import type { StackViewport } from '@cornerstonejs/core';
import macro from '@kitware/vtk.js/macros.js';
import vtkForwardPass from '@kitware/vtk.js/Rendering/OpenGL/ForwardPass.js';
import vtkRenderPass from '@kitware/vtk.js/Rendering/SceneGraph/RenderPass.js';

/** vtk's translucent step in its simplest form: each translucent prop drawn with the context's blending (source over). */
const newBlendedTranslucentPass = macro.newInstance((publicAPI: object, model: object) => {
  vtkRenderPass.extend(publicAPI, model);
  const pass = publicAPI as ReturnType<typeof vtkRenderPass.newInstance> & Record<string, unknown>;
  // A mapper drawing in this pass asks it for shader changes: none (the order-independent pass weights colours).
  pass.getShaderReplacement = () => null;
  // The forward pass hands its translucent step the renderer's node to traverse.
  pass.traverse = ((_window: unknown, renderer: { traverse(p: unknown): void }) => {
    pass.setCurrentOperation('translucentPass');
    renderer.traverse(pass);
  }) as typeof pass.traverse;
}, 'tesseraBlendedTranslucentPass');

/**
 * Has the stack viewport draw its translucent layer (the labelmap) blended straight into the frame over the
 * opaque slice. vtk's default for translucent props is order-independent translucency: every frame it draws the
 * slice again for depth, clears two half-float targets the viewport's size and composites them back. With one
 * translucent layer over an opaque one, which is all a stack shows, plain blending gives the same picture; in
 * software WebGL the other way took ~64 ms of a ~85 ms render, and a brush stroke renders on every move
 * (dicom bench, issue 17).
 */
export function blendTranslucentLayers(viewport: StackViewport): void {
  const passes = [vtkForwardPass.newInstance({ translucentPass: newBlendedTranslucentPass() })];
  viewport.getRenderPasses = () => passes;
}
