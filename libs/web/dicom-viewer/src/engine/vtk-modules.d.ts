// vtk.js ships no types for these modules.
declare module '@kitware/vtk.js/Rendering/OpenGL/Texture/supportsNorm16Linear.js' {
  /** Whether normalised 16-bit textures filter linearly here; tested once per page in a WebGL2 context of its own, then cached (see engine/cornerstone.ts, warmTextureProbe). */
  export default function supportsNorm16LinearCached(): boolean;
}

declare module '@kitware/vtk.js/Rendering/OpenGL/ForwardPass.js' {
  import type { vtkRenderPass } from '@kitware/vtk.js/Rendering/SceneGraph/RenderPass';
  /** vtk's default pass: opaque props, then translucent ones through `translucentPass` (order-independent translucency unless given another). */
  const vtkForwardPass: { newInstance(initial?: { translucentPass?: vtkRenderPass }): vtkRenderPass };
  export default vtkForwardPass;
}
