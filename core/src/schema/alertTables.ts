import type { TableSpec } from './tableSpec.js'

/*
 * The alert engine's tables (alerts/src/engine, docs/alerting.md). Instances and silences are
 * rows that change: every change is a new row with a higher Version (ReplacingMergeTree), read
 * with FINAL; an instance that ends is a row with Deleted = 1. History and notifications only
 * grow. Sharded on a cluster so every version of a row lands on one shard.
 */

/** The alert instances of every rule as the engine last stored them: what a restart continues from. */
export const alertInstancesTable: TableSpec = {
  name: 'meridian_alert_instances',
  columns: [
    'RuleId String',
    "Fingerprint String COMMENT 'of the instance labels'",
    "Version UInt64 COMMENT 'microseconds of the engine clock at the change (above the previous); the highest wins'",
    "Deleted UInt8 COMMENT '1: the instance ended (pending that cleared, resolved past retention)'",
    'RuleName String',
    'Labels Map(String, String)',
    'Annotations Map(String, String)',
    "State LowCardinality(String) COMMENT 'pending, firing, no_data, error or resolved'",
    "PendingFor LowCardinality(String) COMMENT 'while pending: the state it enters when for has passed'",
    "ResolvedFrom LowCardinality(String) COMMENT 'when resolved: the state it left'",
    "ActiveAt Nullable(DateTime64(3, 'UTC'))",
    "FiredAt Nullable(DateTime64(3, 'UTC'))",
    "ResolvedAt Nullable(DateTime64(3, 'UTC'))",
    "KeepFiringSince Nullable(DateTime64(3, 'UTC'))",
    "LastEvaluation DateTime64(3, 'UTC')",
    'Value Nullable(Float64)',
    'Threshold Nullable(Float64)',
    'Comparison LowCardinality(String)',
    "Figures String COMMENT 'JSON: the sample''s further figures ($values in templates)'",
    'Error String',
  ],
  engine: 'ReplacingMergeTree',
  engineArgs: ['Version', 'Deleted'],
  orderBy: '(RuleId, Fingerprint)',
  shardingKey: 'cityHash64(RuleId, Fingerprint)',
}

/** Every state change of every alert instance. */
export const alertHistoryTable: TableSpec = {
  name: 'meridian_alert_history',
  columns: [
    "Time DateTime64(3, 'UTC')",
    'RuleId String',
    'RuleName String',
    'Fingerprint String',
    'Labels Map(String, String)',
    "FromState LowCardinality(String) COMMENT 'inactive, pending, firing, no_data, error or resolved'",
    'ToState LowCardinality(String)',
    'Value Nullable(Float64)',
    'Threshold Nullable(Float64)',
  ],
  engine: 'MergeTree',
  partitionBy: 'toYYYYMM(Time)',
  orderBy: '(RuleId, Time, Fingerprint)',
  shardingKey: 'cityHash64(RuleId)',
}

/** Silences; expiring one writes a version that ends now. */
export const alertSilencesTable: TableSpec = {
  name: 'meridian_alert_silences',
  columns: [
    'Id String',
    "Version UInt64 COMMENT 'microseconds at the change; the highest wins'",
    "Matchers String COMMENT 'JSON: [{name, op (=, !=, =~, !~), value}]'",
    "StartsAt DateTime64(3, 'UTC')",
    "EndsAt DateTime64(3, 'UTC')",
    'CreatedBy String',
    'Comment String',
    "CreatedAt DateTime64(3, 'UTC')",
    "UpdatedAt DateTime64(3, 'UTC')",
  ],
  engine: 'ReplacingMergeTree',
  engineArgs: ['Version'],
  orderBy: 'Id',
  shardingKey: 'cityHash64(Id)',
}

/**
 * Every notification of a group to a receiver's integration: delivered, failed (with the
 * delivery's result) or not sent. The newest delivered or not-sent row of a group, receiver and
 * integration is the notification log entry that deduplicates after a restart.
 */
export const alertNotificationsTable: TableSpec = {
  name: 'meridian_alert_notifications',
  columns: [
    "Time DateTime64(3, 'UTC')",
    'Receiver String',
    'Integration String',
    "Channel LowCardinality(String) COMMENT 'slack, webhook, email, memory'",
    'GroupKey String',
    'GroupLabels Map(String, String)',
    "Reason LowCardinality(String) COMMENT 'first_notification, new_alerts, new_resolved, all_resolved, repeat'",
    "Outcome LowCardinality(String) COMMENT 'sent, failed, not_sent'",
    "Firing Array(String) COMMENT 'fingerprints of the firing alerts'",
    'Resolved Array(String)',
    "Alerts String COMMENT 'JSON: the alerts sent (status, labels, annotations, value)'",
    'Target String',
    'Attempts UInt32',
    'LastStatus Nullable(Int32)',
    'Error String',
  ],
  engine: 'MergeTree',
  partitionBy: 'toYYYYMM(Time)',
  orderBy: '(Receiver, Integration, GroupKey, Time)',
  shardingKey: 'cityHash64(Receiver, Integration, GroupKey)',
}

export const alertTables = [alertInstancesTable, alertHistoryTable, alertSilencesTable, alertNotificationsTable]
