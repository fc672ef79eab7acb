/**
 * The access rules without the schemas: role names and the decision table.
 * The web app's first script (login page, guards) imports this instead of the
 * package index, which would bring zod and every contract along.
 */
export * from './role-names';
export * from './policy';
