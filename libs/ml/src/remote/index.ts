export { RemoteClient, RemoteModelError, Limiter, type FetchLike, type RemoteOptions } from './http';
export { LabelStudioBackend, type LabelStudioOptions } from './label-studio';
export { MonaiLabelBackend, niftiVolume, type MonaiLabelOptions, type MonaiInfo } from './monai-label';
