/** Whether dist/ holds a build of the CLI newer than every source file. `root`: the project directory, ending in a slash. */
export function builtIsCurrent(root: string): boolean;
