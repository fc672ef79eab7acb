export { CocoDetector, FaceDetector, PoseEstimator, closeImageThreads } from './image-backends';
export { COCO_CLASSES, COCO_KEYPOINTS, COCO_SKELETON } from './coco';
