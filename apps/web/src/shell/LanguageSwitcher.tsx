import { Select } from 'antd';
import { GlobalOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { LANGUAGES, currentLanguage, setLanguage, type Language } from '../i18n';

export function LanguageSwitcher() {
  const { t, i18n } = useTranslation();
  void i18n.language; // re-render on change
  return (
    <Select<Language>
      aria-label={t('shell.language')}
      data-testid="language-switcher"
      value={currentLanguage()}
      onChange={(lng) => void setLanguage(lng)}
      prefix={<GlobalOutlined aria-hidden />}
      options={LANGUAGES.map((l) => ({ value: l.code, label: l.label }))}
      style={{ minWidth: 140 }}
      popupMatchSelectWidth={false}
    />
  );
}
