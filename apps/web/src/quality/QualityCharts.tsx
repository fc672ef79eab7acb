import { useMemo } from 'react';
import { Card, Col, Row } from 'antd';
import { useTranslation } from 'react-i18next';
import type { QualityReport } from '@tessera/contracts';
import { Chart } from './Chart';

/**
 * Gold accuracy per annotator as bars with the Wilson interval as error
 * bars, agreement beside it, and each person's items per day.
 */
export function QualityCharts({ report, minGold }: { report: QualityReport; minGold: number }) {
  const { t } = useTranslation();
  const people = report.annotators;
  const names = people.map((a) => a.user.name);
  const gold = useMemo(() => ({
    tooltip: { trigger: 'axis' },
    legend: { top: 0, data: [t('quality.charts.goldSeries'), t('quality.charts.agreementSeries')] },
    grid: { left: 48, right: 16, top: 36, bottom: 32 },
    xAxis: { type: 'category', data: names },
    yAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value} %' } },
    series: [
      {
        name: t('quality.charts.goldSeries'), type: 'bar', barMaxWidth: 36,
        data: people.map((a) => (a.gold.p === null ? null : Math.round(a.gold.p * 1000) / 10)),
        markLine: { symbol: 'none', label: { formatter: t('quality.charts.threshold') }, lineStyle: { type: 'dashed', color: '#cf1322' }, data: [{ yAxis: minGold * 100 }] },
      },
      {
        // The Wilson 95 % interval as a whisker over each bar.
        name: '95 %', type: 'custom', tooltip: { show: false },
        data: people.map((a, i) => (a.gold.p === null ? [i, null, null] : [i, a.gold.low * 100, a.gold.high * 100])),
        renderItem: (_params: unknown, api: { value(i: number): number; coord(p: number[]): number[]; size(p: number[]): number[] }) => {
          if (api.value(1) === null || Number.isNaN(api.value(1))) return null;
          const lo = api.coord([api.value(0), api.value(1)]);
          const hi = api.coord([api.value(0), api.value(2)]);
          const w = api.size([1, 0])[0] * 0.15;
          const line = (x1: number, y1: number, x2: number, y2: number) => ({ type: 'line', shape: { x1, y1, x2, y2 }, style: { stroke: '#262626', lineWidth: 1.5 } });
          return { type: 'group', children: [line(lo[0], lo[1], hi[0], hi[1]), line(lo[0] - w, lo[1], lo[0] + w, lo[1]), line(hi[0] - w, hi[1], hi[0] + w, hi[1])] };
        },
      },
      { name: t('quality.charts.agreementSeries'), type: 'line', data: people.map((a) => (a.agreement === null ? null : Math.round(a.agreement * 1000) / 10)), symbolSize: 8 },
    ],
  }), [people, names, minGold, t]);
  const trend = useMemo(() => ({
    tooltip: { trigger: 'axis' },
    legend: { top: 0, type: 'scroll' },
    grid: { left: 40, right: 16, top: 36, bottom: 32 },
    xAxis: { type: 'category', data: people[0]?.throughput.map((d) => d.day.slice(5)) ?? [] },
    yAxis: { type: 'value', minInterval: 1 },
    series: people.map((a) => ({ name: a.user.name, type: 'line', smooth: false, data: a.throughput.map((d) => d.items) })),
  }), [people]);
  if (!people.length) return null;
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} xl={12}>
        <Card size="small" title={t('quality.charts.gold')}>
          <Chart option={gold} label={t('quality.charts.gold')} testId="gold-chart" />
        </Card>
      </Col>
      <Col xs={24} xl={12}>
        <Card size="small" title={t('quality.charts.throughput')}>
          <Chart option={trend} label={t('quality.charts.throughput')} testId="throughput-chart" />
        </Card>
      </Col>
    </Row>
  );
}
