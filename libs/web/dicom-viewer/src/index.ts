export { DicomViewer, useEngine, type DicomViewerProps } from './DicomViewer';
export { DicomEngine, VIEWER_TOOLS, type ViewerTool, type ViewState } from './engine/viewer';
export { CT_PRESETS, type PresetName } from './engine/presets';
export { dicomViewerMessages, registerDicomViewerMessages, NAMESPACE as DICOM_VIEWER_NAMESPACE } from './i18n';
export { playgroundSeries, playgroundSlice, seriesFromQuery, type PlaygroundSeriesSpec } from './playground/series';
export { CT_PHANTOM, huAt } from './playground/phantom';
