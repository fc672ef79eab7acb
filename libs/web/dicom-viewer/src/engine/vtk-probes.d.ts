// vtk.js ships no types for this module (see engine/cornerstone.ts, warmTextureProbe).
declare module '@kitware/vtk.js/Rendering/OpenGL/Texture/supportsNorm16Linear.js' {
  /** Whether normalised 16-bit textures filter linearly here; tested once per page in a WebGL2 context of its own, then cached. */
  export default function supportsNorm16LinearCached(): boolean;
}
