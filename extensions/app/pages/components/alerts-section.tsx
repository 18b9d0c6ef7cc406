import { Accordion, Flex, Heading, Link, Text } from '@hubspot/ui-extensions';
import { ALERT_IDS, type AlertId, type AlertList, type Lang } from '../lib/api-types';
import { formatAmount } from '../lib/format-number';
import type { EnumLabels, PageStrings } from '../lib/i18n';
import { DataTable } from './data-table';

/**
 * A deal's record page. Deals are CRM object type 0-3; links to HubSpot app pages open in the
 * same tab (Link component, https://developers.hubspot.com/docs/platform/ui-components/link).
 */
export function dealRecordUrl(portalId: number | string, dealId: string): string {
  return `https://app.hubspot.com/contacts/${encodeURIComponent(String(portalId))}/record/0-3/${encodeURIComponent(dealId)}`;
}

interface AlertsSectionProps {
  alerts: Record<AlertId, AlertList>;
  portalId: number | string;
  currency: string | null;
  lang: Lang;
  strings: PageStrings;
  labels: EnumLabels;
}

/** The four alert lists, each deal linked to its record with the engine's reason. */
export function AlertsSection({ alerts, portalId, currency, lang, strings, labels }: AlertsSectionProps) {
  return (
    <Flex direction="column" gap="sm" testId="alerts-section">
      <Heading>{strings.alertsSection}</Heading>
      <Text variant="microcopy">{strings.alertsHelp}</Text>
      {ALERT_IDS.map((id) => {
        const list = alerts[id];
        return (
          <Accordion
            key={id}
            testId={`alert-${id}`}
            title={`${labels.alert[id]} (${list.count})`}
            defaultOpen={list.count > 0}
          >
            {list.deals.length === 0 ? (
              <Text>{strings.noAlerts}</Text>
            ) : (
              <Flex direction="column" gap="xs">
                <DataTable
                  headers={[strings.deal, strings.reason, strings.amount, strings.dealOwner]}
                  rows={list.deals.map((d) => ({
                    key: d.id,
                    cells: [
                      <Link
                        key="deal"
                        testId={`deal-${id}-${d.id}`}
                        href={{ url: dealRecordUrl(portalId, d.id), external: false }}
                      >
                        {d.name}
                      </Link>,
                      lang === 'zh' ? d.reason.zh : d.reason.en,
                      d.amount === null ? strings.noAmount : formatAmount(d.amount, currency, lang),
                      d.ownerName ?? strings.noOwner,
                    ],
                  }))}
                />
                {list.count > list.deals.length ? (
                  <Text variant="microcopy">{strings.moreDeals(list.deals.length, list.count)}</Text>
                ) : null}
              </Flex>
            )}
          </Accordion>
        );
      })}
    </Flex>
  );
}
