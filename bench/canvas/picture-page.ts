// The scene's picture made once by the playground's own generator, for the
// `canvas` benchmark to serve as a file that every page then downloads.
// Built by esbuild at bench time.
// A file, not the library's index: the page needs the scene generator, not the editor.
// eslint-disable-next-line @nx/enforce-module-boundaries
import { sceneFromQuery, scenePicture } from '../../libs/web/image-annotator/src/playground/scene';

declare global {
  interface Window {
    scenePictureDataUrl: Promise<string>;
  }
}

window.scenePictureDataUrl = scenePicture(sceneFromQuery(location.search)).then(
  (blob) =>
    new Promise<string>((resolve, reject) => {
      const reader = new FileReader();
      reader.onload = () => resolve(reader.result as string);
      reader.onerror = () => reject(reader.error);
      reader.readAsDataURL(blob);
    }),
);
