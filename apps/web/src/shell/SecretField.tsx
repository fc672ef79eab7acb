import { useRef, useState } from 'react';
import { Button, Input, Space } from 'antd';
import type { InputRef } from 'antd';
import { CheckOutlined, CopyOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useMessage } from './icon-labels';

interface Props {
  id: string;
  label: string;
  value: string;
  /** Said once the value is on the clipboard. */
  copiedMessage: string;
  testId: string;
}

/** A secret the server shows once (a webhook's signing secret, an API token): a read-only field and a copy button. */
export function SecretField({ id, label, value, copiedMessage, testId }: Props) {
  const { t } = useTranslation();
  const message = useMessage();
  const input = useRef<InputRef>(null);
  const [copied, setCopied] = useState(false);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
    } catch {
      // No clipboard API (an insecure origin) or no permission: fall back to copying the selection.
      input.current?.select();
      if (!document.execCommand('copy')) {
        message.error(t('common.copyFailed'));
        return;
      }
    }
    setCopied(true);
    message.success(copiedMessage);
  };

  return (
    <>
      <label htmlFor={id} style={{ display: 'block', marginBottom: 6, fontWeight: 500 }}>
        {label}
      </label>
      <Space.Compact style={{ width: '100%', marginBottom: 12 }}>
        <Input
          id={id}
          ref={input}
          readOnly
          value={value}
          data-testid={testId}
          onFocus={(e) => e.currentTarget.select()}
          style={{ fontFamily: 'ui-monospace, Menlo, Consolas, monospace' }}
        />
        <Button icon={copied ? <CheckOutlined aria-hidden /> : <CopyOutlined aria-hidden />} onClick={() => void copy()} data-testid={`${testId}-copy`}>
          {copied ? t('common.copied') : t('common.copy')}
        </Button>
      </Space.Compact>
    </>
  );
}
