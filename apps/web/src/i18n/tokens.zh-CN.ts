import type { tokensEn } from './tokens.en';

type DeepStrings<T> = { [K in keyof T]: T[K] extends string ? string : DeepStrings<T[K]> };

/** 与 tokens.en.ts 结构相同。 */
export const tokensZhCN: DeepStrings<typeof tokensEn> = {
  nav: 'API 令牌',
  title: 'API 令牌',
  subtitle: '供脚本和命令行使用：令牌以您的身份、按使用时您所持有的角色执行操作。',
  everyoneSubtitle: '供脚本和命令行使用：令牌以创建者的身份、按使用时其所持有的角色执行操作。您可以查看并撤销组织内所有人的令牌。',
  usage: '以 <code>{{header}}</code> 发送，或为 tessera 命令行设置 <code>{{env}}</code>。令牌不能登录本应用、管理令牌或修改密码。',
  add: '新建令牌',
  addTitle: '新建 API 令牌',
  create: '创建令牌',
  name: '名称',
  nameHint: '用途说明，便于日后区分，例如“每晚导出 COCO”。',
  namePlaceholder: '每晚导出',
  expiresIn: '有效期',
  never: '永不过期',
  neverHint: '永不过期的令牌会一直有效，直到您撤销它或修改密码。',
  tokenOnce: '请立即复制令牌：它不会再次显示。',
  tokenOnceHint: 'Tessera 只保存其哈希值。如果遗失，请撤销后重新创建。',
  token: '令牌',
  tokenCopied: '令牌已复制',
  hint: '开头',
  owner: '创建者',
  createdAt: '创建时间',
  lastUsed: '最近使用',
  neverUsed: '从未使用',
  expires: '过期时间',
  expired: '已过期',
  empty: '暂无 API 令牌',
  revoke: '撤销',
  revokeLabel: '撤销令牌 {{name}}',
  revokeConfirm: '撤销令牌“{{name}}”？',
  revokeConsequence: '所有使用它的脚本从下一个请求起都将被拒绝。此操作无法撤回。',
  revoked: '令牌已撤销',
};
