import type { ThemeConfig } from 'antd';

/**
 * Tags in a preset colour write in its 7th shade on its 1st; where that is under 4.5:1, a darker
 * shade. antd keeps each shade under two names (`green7`, `green-7`; the CSS variable follows the
 * second), so both are set.
 */
const DARKER_TAG_TEXT = { green: '#237804', cyan: '#006d75', orange: '#ad4e00', volcano: '#ad2102', gold: '#874d00', yellow: '#876800', lime: '#3f6600' };
const tagText = Object.fromEntries(Object.entries(DARKER_TAG_TEXT).flatMap(([name, color]) => [[`${name}7`, color], [`${name}-7`, color]]));

/**
 * The antd theme, tuned so text meets WCAG 2 AA contrast (4.5:1 for body text)
 * on the white and light-grey surfaces antd draws on (#fff, #fafafa, #f5f5f5,
 * #f0f0f0) and on the tints of tags and alerts. antd's defaults fall short: white
 * on its primary blue #1677ff is 4.1:1, its secondary and tertiary text (45% black)
 * 3.4:1, a success tag's green on its tint 2.2:1. The browser tests' accessibility
 * gate (`expectAccessible` in e2e/support.ts) holds every page to this.
 */
export const THEME: ThemeConfig = {
  // Components take their styles from antd's prebuilt sheet (antd/dist/antd.css, imported in main.tsx) instead of
  // writing them at run time as each kind is first drawn: that was 10–15 % of a page's first render (serialising,
  // hashing and inserting rules). The sheet is written against CSS variables, and the tokens below still reach it
  // through them (antd still writes the theme's and each component's variables at run time).
  zeroRuntime: true,
  token: {
    ...tagText,
    // antd's blue-7: white on it 6.2:1, it on white 6.2:1, on the light-blue selection #e6f4ff 5.5:1.
    colorPrimary: '#0958d9',
    colorLink: '#0958d9',
    colorInfo: '#0958d9',
    // Hover goes darker (blue-8), not lighter, so white on a hovered button still reads (8.0:1).
    colorPrimaryHover: '#003eb3',
    colorLinkHover: '#003eb3',
    // 65% black: 7.0:1 on white, 6.2:1 on #f0f0f0.
    colorTextSecondary: 'rgba(0, 0, 0, 0.65)',
    // 60% black: 5.7:1 on white, 5.0:1 on #f0f0f0 (descriptions, help under fields).
    colorTextTertiary: 'rgba(0, 0, 0, 0.6)',
    colorTextDescription: 'rgba(0, 0, 0, 0.6)',
    // Placeholders are text too; 57% black still reads as lighter than a value (88%).
    colorTextPlaceholder: 'rgba(0, 0, 0, 0.57)',
    // Status colours one or two steps darker than antd's; their tints stay antd's own.
    // red-7: error text 5.6:1 on white, 4.8:1 on its tint; white on a danger button 5.6:1.
    colorError: '#cf1322',
    // Hovered danger buttons go darker too (red-8): 6.6:1 on the error tint a hovered danger button shows.
    colorErrorHover: '#a8071a',
    // green-8: 5.4:1 on its tint #f6ffed.
    colorSuccess: '#237804',
    colorSuccessBg: '#f6ffed',
    colorSuccessBorder: '#b7eb8f',
    // gold-9: 6.5:1 on its tint #fffbe6.
    colorWarning: '#874d00',
    colorWarningBg: '#fffbe6',
    colorWarningBorder: '#ffe58f',
  },
};
