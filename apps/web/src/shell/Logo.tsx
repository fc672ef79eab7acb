import { Flex, Typography } from 'antd';

/** The mark and the name; `compact` (a folded menu) keeps the name for screen readers only. */
export function Logo({ dark = false, compact = false }: { dark?: boolean; compact?: boolean }) {
  return (
    <Flex align="center" gap={8}>
      <svg width="22" height="22" viewBox="0 0 16 16" aria-hidden focusable="false">
        <rect width="7" height="7" fill="#1677ff" />
        <rect x="9" width="7" height="7" fill="#69b1ff" />
        <rect y="9" width="7" height="7" fill="#69b1ff" />
        <rect x="9" y="9" width="7" height="7" fill="#1677ff" />
      </svg>
      <Typography.Text strong className={compact ? 'sr-only' : undefined} style={{ fontSize: 18, color: dark ? '#fff' : undefined }}>
        Tessera
      </Typography.Text>
    </Flex>
  );
}
