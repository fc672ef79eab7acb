import type { ReactNode } from 'react';
import { Flex, Layout, Typography, theme } from 'antd';
import { LanguageSwitcher } from './LanguageSwitcher';
import { Logo } from './Logo';

/** The frame of the pages one sees before signing in. */
export function PublicLayout({ title, subtitle, children }: { title: string; subtitle?: ReactNode; children: ReactNode }) {
  const { token } = theme.useToken();
  // A card drawn from the theme's tokens: antd's Card brings its tabs along, a tenth of the first script.
  const card = {
    width: '100%',
    maxWidth: 440,
    padding: token.paddingLG,
    background: token.colorBgContainer,
    border: `${token.lineWidth}px ${token.lineType} ${token.colorBorderSecondary}`,
    borderRadius: token.borderRadiusLG,
  };
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Flex justify="space-between" align="center" style={{ padding: '16px 24px' }}>
        <Logo />
        <LanguageSwitcher />
      </Flex>
      <Flex component="main" justify="center" style={{ padding: '24px 16px 64px' }}>
        <div style={card}>
          <Typography.Title level={1} style={{ fontSize: 24, marginTop: 0 }}>
            {title}
          </Typography.Title>
          {subtitle && <Typography.Paragraph type="secondary">{subtitle}</Typography.Paragraph>}
          {children}
        </div>
      </Flex>
    </Layout>
  );
}
