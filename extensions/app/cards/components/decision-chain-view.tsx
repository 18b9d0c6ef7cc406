import {
  DescriptionList,
  DescriptionListItem,
  Divider,
  EmptyState,
  Flex,
  Heading,
  Select,
  Text,
  Tile,
} from '@hubspot/ui-extensions';
import type { ContactView, DecisionChainView, OptionView, OutputView } from '../lib/api-types';
import type { CardStrings } from '../lib/i18n';
import { contactFieldValue, type ContactField } from '../lib/optimistic';
import type { ContactEdit } from '../lib/use-decision-chain';
import { CriteriaList } from './criteria-list';
import { Measures, OutputTag } from './output-tag';

export interface DecisionChainViewProps {
  view: DecisionChainView;
  strings: CardStrings;
  /** `contactId.field` being saved. */
  pending: ReadonlySet<string>;
  onEdit: (edit: ContactEdit) => void;
}

/** The "Decision chain" card: relationship levels with what the next level needs, and each contact's role. */
export function DecisionChainPanel({ view, strings, pending, onEdit }: DecisionChainViewProps) {
  return (
    <Flex direction="column" gap="sm">
      <DescriptionList direction="row">
        <DescriptionListItem label={strings.relationshipLevel}>
          <OutputTag output={view.relationshipLevel} />
        </DescriptionListItem>
        <DescriptionListItem label={strings.companyRelationship}>
          <OutputTag output={view.companyRelationship} />
        </DescriptionListItem>
        <DescriptionListItem label={strings.personalRelationship}>
          <OutputTag output={view.personalRelationship} />
        </DescriptionListItem>
      </DescriptionList>
      <LevelDetails title={strings.companyRelationship} output={view.companyRelationship} strings={strings} />
      <LevelDetails
        title={strings.personalRelationship}
        output={view.personalRelationship}
        strings={strings}
      />
      <Text variant="microcopy" testId="key-person-note">
        {strings.keyPersonNote}
      </Text>

      <Divider />
      <Heading>{strings.contacts}</Heading>
      {view.contacts.length === 0 ? (
        <EmptyState
          testId="no-contacts"
          title={strings.noContactsTitle}
          imageName="contacts"
          layout="vertical"
        >
          <Text>{strings.noContactsBody}</Text>
        </EmptyState>
      ) : (
        view.contacts.map((contact) => (
          <ContactTile key={contact.id} contact={contact} {...{ view, strings, pending, onEdit }} />
        ))
      )}
    </Flex>
  );
}

function LevelDetails({
  title,
  output,
  strings,
}: {
  title: string;
  output: OutputView;
  strings: CardStrings;
}) {
  return (
    <Flex direction="column" gap="xs" testId={`level-${output.property}`}>
      <Text format={{ fontWeight: 'demibold' }}>{`${title}: ${output.valueLabel}`}</Text>
      {output.valueDescription === null ? null : <Text variant="microcopy">{output.valueDescription}</Text>}
      {output.next === null ? (
        <Text variant="microcopy">{strings.topLevel}</Text>
      ) : (
        <>
          <Text>{strings.missingForLevel(output.next.valueLabel)}</Text>
          <CriteriaList criteria={output.next.missing} />
        </>
      )}
      <Measures output={output} strings={strings} />
    </Flex>
  );
}

interface ContactTileProps {
  contact: ContactView;
  view: DecisionChainView;
  strings: CardStrings;
  pending: ReadonlySet<string>;
  onEdit: (edit: ContactEdit) => void;
}

function ContactTile({ contact, view, strings, pending, onEdit }: ContactTileProps) {
  const details = [contact.jobTitle, contact.email].filter((v): v is string => v !== null && v !== '');
  const fields: { field: ContactField; label: string; options: OptionView[] }[] = [
    { field: 'sw_decision_role', label: strings.decisionRole, options: view.options.decisionRole },
    { field: 'sw_stance', label: strings.stance, options: view.options.stance },
    { field: 'sw_contact_depth', label: strings.contactDepth, options: view.options.contactDepth },
    { field: 'sw_personality', label: strings.personality, options: view.options.personality },
  ];
  return (
    <Tile compact testId={`contact-${contact.id}`}>
      <Flex direction="column" gap="xs">
        <Text format={{ fontWeight: 'bold' }}>{contact.name}</Text>
        {details.length === 0 ? null : <Text variant="microcopy">{details.join(' · ')}</Text>}
        {fields.map(({ field, label, options }) => (
          <Select
            key={field}
            testId={`contact-${contact.id}-${field}`}
            name={`${contact.id}-${field}`}
            label={label}
            value={contactFieldValue(contact, field) ?? ''}
            readOnly={pending.has(`${contact.id}.${field}`)}
            options={[{ label: strings.notSet, value: '' }, ...options]}
            onChange={(value) =>
              onEdit({ contactId: contact.id, field, value: value === '' ? null : String(value) })
            }
          />
        ))}
        {contact.tactics.length === 0 ? null : (
          <Flex direction="column" gap="xs" testId={`tactics-${contact.id}`}>
            <Text format={{ fontWeight: 'demibold' }}>{strings.tactics}</Text>
            {contact.tactics.map((t) => (
              <Text key={t} variant="microcopy">
                {t}
              </Text>
            ))}
          </Flex>
        )}
      </Flex>
    </Tile>
  );
}
