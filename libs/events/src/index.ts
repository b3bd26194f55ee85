export * from './analytics-event.builder';
export * from './push-classifier';
export * from './push-mapper';
export * from './qt-attribute-specs';
export * from './qt-event-codes';
export * from './topic-payloads';
export * from './xml-record';
