import type { ReactNode } from 'react';
import { Card, Flex, Layout, Typography } from 'antd';
import { LanguageSwitcher } from './LanguageSwitcher';
import { Logo } from './Logo';

/** The frame of the pages one sees before signing in. */
export function PublicLayout({ title, subtitle, children }: { title: string; subtitle?: ReactNode; children: ReactNode }) {
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Flex justify="space-between" align="center" style={{ padding: '16px 24px' }}>
        <Logo />
        <LanguageSwitcher />
      </Flex>
      <Flex component="main" justify="center" style={{ padding: '24px 16px 64px' }}>
        <Card style={{ width: '100%', maxWidth: 440 }}>
          <Typography.Title level={1} style={{ fontSize: 24, marginTop: 0 }}>
            {title}
          </Typography.Title>
          {subtitle && <Typography.Paragraph type="secondary">{subtitle}</Typography.Paragraph>}
          {children}
        </Card>
      </Flex>
    </Layout>
  );
}
