/** Shared by the runtime adapter and the project export (kept free of the SDK import). */

/** The stable runtime API the adapter and its stand-in follow (the SDK defaults to a preview). */
export const CLU_API_VERSION = '2023-04-01';

/** Below this CLU's answer is `none`; the exported project uses the same threshold. */
export const DEFAULT_CONFIDENCE_THRESHOLD = 0.5;

/** CLU's built-in intent for "none of the above"; our `none` is exported as it. */
export const CLU_NONE_INTENT = 'None';
