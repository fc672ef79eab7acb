import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import dayjs from 'dayjs';
import localizedFormat from 'dayjs/plugin/localizedFormat';
import 'dayjs/locale/zh-cn';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { en } from './en';
import { zhCN as zhCNMessages } from './zh-CN';
// The words alone, not the libraries' index: that would pull the editors into the first script.
import { annotatorMessages } from '@tessera/web/image-annotator/i18n';
import { editorMessages } from '@tessera/web/editor-ui/i18n';
import { textAnnotatorMessages } from '@tessera/web/text-annotator/i18n';
import { dicomViewerMessages } from '@tessera/web/dicom-viewer/i18n';

export const LANGUAGES = [
  { code: 'en', label: 'English' },
  { code: 'zh-CN', label: '简体中文' },
] as const;
export type Language = (typeof LANGUAGES)[number]['code'];

// 'LL', 'lll' and friends follow the locale's own date order.
dayjs.extend(localizedFormat);

const STORAGE_KEY = 'tessera.language';
const DAYJS_LOCALE: Record<Language, string> = { en: 'en', 'zh-CN': 'zh-cn' };
export const ANTD_LOCALE = { en: enUS, 'zh-CN': zhCN } as const;

function initialLanguage(): Language {
  const stored = localStorage.getItem(STORAGE_KEY);
  if (stored === 'en' || stored === 'zh-CN') return stored;
  return navigator.languages?.some((l) => l.toLowerCase().startsWith('zh')) ? 'zh-CN' : 'en';
}

export function currentLanguage(): Language {
  return i18n.language === 'zh-CN' ? 'zh-CN' : 'en';
}

function applySideEffects(lng: Language) {
  dayjs.locale(DAYJS_LOCALE[lng]);
  document.documentElement.lang = lng;
}

export async function setLanguage(lng: Language) {
  localStorage.setItem(STORAGE_KEY, lng);
  applySideEffects(lng);
  await i18n.changeLanguage(lng);
}

const lng = initialLanguage();
applySideEffects(lng);
void i18n.use(initReactI18next).init({
  resources: {
    en: { translation: en, annotator: annotatorMessages.en, editor: editorMessages.en, textAnnotator: textAnnotatorMessages.en, dicomViewer: dicomViewerMessages.en },
    'zh-CN': { translation: zhCNMessages, annotator: annotatorMessages['zh-CN'], editor: editorMessages['zh-CN'], textAnnotator: textAnnotatorMessages['zh-CN'], dicomViewer: dicomViewerMessages['zh-CN'] },
  },
  lng,
  fallbackLng: 'en',
  supportedLngs: ['en', 'zh-CN'],
  interpolation: { escapeValue: false },
  returnNull: false,
});

export default i18n;
