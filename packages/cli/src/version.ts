/** The CLI's version, kept equal to package.json by a test. */
export const VERSION: string = '0.1.0';
