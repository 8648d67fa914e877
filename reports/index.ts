/** The reports layer: reads ResultRows (RunResults plus swept parameters), writes the output folder. */
export { writeOutputs, type WriteOptions } from './write-outputs.js';
export { writeFileAtomic, StagedOutput } from './atomic-write.js';
export { defaultOperatingPoint, varyingAxes, type OperatingPoint, type OutputMeta, type ResultRow } from './rows.js';
export { summaryTable, formatSummaryText, type SummaryTable } from './summary-table.js';
export { assertFontsAvailable, defaultRenderer, type ChartRenderer } from './render.js';
export { MODE_COLORS } from './mode-colors.js';
