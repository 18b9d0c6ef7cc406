import type { PipelineInput } from './types';

/**
 * HubSpot's default deal pipeline ("Sales Pipeline", id `default`) with its default stages.
 * Stage metadata values are strings, as HubSpot returns them.
 */
export const DEFAULT_DEAL_PIPELINE: PipelineInput = {
  id: 'default',
  label: 'Sales Pipeline',
  displayOrder: 0,
  stages: [
    {
      id: 'appointmentscheduled',
      label: 'Appointment Scheduled',
      displayOrder: 0,
      metadata: { isClosed: 'false', probability: '0.2' },
    },
    {
      id: 'qualifiedtobuy',
      label: 'Qualified To Buy',
      displayOrder: 1,
      metadata: { isClosed: 'false', probability: '0.4' },
    },
    {
      id: 'presentationscheduled',
      label: 'Presentation Scheduled',
      displayOrder: 2,
      metadata: { isClosed: 'false', probability: '0.6' },
    },
    {
      id: 'decisionmakerboughtin',
      label: 'Decision Maker Bought-In',
      displayOrder: 3,
      metadata: { isClosed: 'false', probability: '0.8' },
    },
    {
      id: 'contractsent',
      label: 'Contract Sent',
      displayOrder: 4,
      metadata: { isClosed: 'false', probability: '0.9' },
    },
    {
      id: 'closedwon',
      label: 'Closed Won',
      displayOrder: 5,
      metadata: { isClosed: 'true', probability: '1.0' },
    },
    {
      id: 'closedlost',
      label: 'Closed Lost',
      displayOrder: 6,
      metadata: { isClosed: 'true', probability: '0.0' },
    },
  ],
};
