/**
 * The words of the segmentation tools added beside Cornerstone's brush
 * (region grow, scissors, sphere brush, fill holes, per-segment lock and
 * opacity): deep-merged into the viewer's namespace by i18n.ts, kept apart
 * so the viewer's main table stays readable.
 */
export const segEn = {
  tools: {
    regionGrow: 'Region grow', sphereBrush: 'Sphere brush (3D)', sphereEraser: 'Sphere eraser (3D)',
    rectScissors: 'Rectangle scissors', circleScissors: 'Circle scissors', sphereScissors: 'Sphere scissors (3D)',
  },
  tolerance: 'Tolerance ±{{hu}} HU',
  toleranceLabel: 'HU tolerance',
  growMode: { '2d': '2D (this slice)', '3d': '3D (all slices)' },
  growModeLabel: 'Region grow in 2D or 3D',
  connectivity: { c6: '6-connected (faces)', c26: '26-connected (faces, edges, corners)' },
  connectivityLabel: 'Connectivity',
  fillHoles: 'Fill holes',
  fillHolesDone_one: 'Filled holes on {{count}} slice',
  fillHolesDone_other: 'Filled holes on {{count}} slices',
  grown: '{{voxels}} voxels on {{slices}} slices from {{hu}} HU',
  grownTruncated: 'Stopped at {{voxels}} voxels: lower the tolerance or click inside the structure',
  radius: 'Radius (mm)',
  lock: 'Lock {{name}}',
  unlock: 'Unlock {{name}}',
  segmentOpacity: 'Opacity of {{name}}',
  hints: {
    regionGrow: 'Click inside a structure: connected voxels within the HU tolerance join the label; [ and ] change the tolerance.',
    sphereBrush: 'Paint a ball across slices; [ and ] change its radius.',
    sphereEraser: 'Erase a ball across slices; [ and ] change its radius.',
    rectScissors: 'Drag a rectangle: it is filled with the label on this slice.',
    circleScissors: 'Drag from the centre: the circle is filled with the label on this slice.',
    sphereScissors: 'Drag from the centre: the ball is filled with the label across slices.',
  },
  actions: {
    tool: {
      regionGrow: 'Region grow from a click', sphereBrush: 'Sphere brush (3D)', sphereEraser: 'Sphere eraser (3D)',
      rectScissors: 'Rectangle scissors', circleScissors: 'Circle scissors', sphereScissors: 'Sphere scissors (3D)',
    },
    toleranceDown: 'Lower HU tolerance',
    toleranceUp: 'Higher HU tolerance',
    growMode: 'Region grow in 2D or 3D',
    growConnectivity: 'Region grow 6- or 26-connected',
    fillHoles: 'Fill holes in the chosen segment',
    segmentVisibility: 'Show or hide the chosen segment',
    segmentLock: 'Lock or unlock the chosen segment',
    segmentOpacityDown: 'Chosen segment more transparent',
    segmentOpacityUp: 'Chosen segment more opaque',
  },
};

export const segZhCN: typeof segEn = {
  tools: {
    regionGrow: '区域生长', sphereBrush: '球形画笔（3D）', sphereEraser: '球形橡皮擦（3D）',
    rectScissors: '矩形剪刀', circleScissors: '圆形剪刀', sphereScissors: '球形剪刀（3D）',
  },
  tolerance: '容差 ±{{hu}} HU',
  toleranceLabel: 'HU 容差',
  growMode: { '2d': '2D（当前层面）', '3d': '3D（所有层面）' },
  growModeLabel: '二维或三维区域生长',
  connectivity: { c6: '6 邻接（面）', c26: '26 邻接（面、棱、角）' },
  connectivityLabel: '连通性',
  fillHoles: '填充孔洞',
  fillHolesDone_one: '已在 {{count}} 个层面填充孔洞',
  fillHolesDone_other: '已在 {{count}} 个层面填充孔洞',
  grown: '{{voxels}} 个体素，{{slices}} 个层面，起点 {{hu}} HU',
  grownTruncated: '已在 {{voxels}} 个体素处停止：请降低容差或在结构内部单击',
  radius: '半径 (mm)',
  lock: '锁定 {{name}}',
  unlock: '解锁 {{name}}',
  segmentOpacity: '{{name}} 的不透明度',
  hints: {
    regionGrow: '在结构内部单击：HU 容差内相连的体素并入所选标签；[ 和 ] 调整容差。',
    sphereBrush: '跨层面勾画球体；[ 和 ] 调整半径。',
    sphereEraser: '跨层面擦除球体；[ 和 ] 调整半径。',
    rectScissors: '拖出矩形：在当前层面用所选标签填充。',
    circleScissors: '从圆心拖动：在当前层面用所选标签填充圆形。',
    sphereScissors: '从球心拖动：跨层面用所选标签填充球体。',
  },
  actions: {
    tool: {
      regionGrow: '单击进行区域生长', sphereBrush: '球形画笔（3D）', sphereEraser: '球形橡皮擦（3D）',
      rectScissors: '矩形剪刀', circleScissors: '圆形剪刀', sphereScissors: '球形剪刀（3D）',
    },
    toleranceDown: '降低 HU 容差',
    toleranceUp: '提高 HU 容差',
    growMode: '二维或三维区域生长',
    growConnectivity: '6 邻接或 26 邻接区域生长',
    fillHoles: '填充所选分割的孔洞',
    segmentVisibility: '显示或隐藏所选分割',
    segmentLock: '锁定或解锁所选分割',
    segmentOpacityDown: '所选分割更透明',
    segmentOpacityUp: '所选分割更不透明',
  },
};
