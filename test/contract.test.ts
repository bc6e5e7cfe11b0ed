// The public contract: every type, field, argument, enum value, union member and default of
// schema-target.graphql exists in the schema as written; and the committed printed schema matches the code.
import { readFileSync } from 'node:fs';
import {
  buildSchema,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  isUnionType,
  printSchema,
  type GraphQLNamedType,
} from 'graphql';
import { describe, expect, it } from 'vitest';
import { schema } from '../src/graphql/schema.js';
import { targetSchemaFile } from './helpers/fixtures.js';

const target = buildSchema(readFileSync(targetSchemaFile, 'utf8'));
const targetTypes = Object.values(target.getTypeMap()).filter((t) => !t.name.startsWith('__'));

function kindOf(type: GraphQLNamedType): string {
  return type.constructor.name;
}

describe('the public contract', () => {
  it.each(targetTypes.map((t) => [t.name, t] as const))('%s is there as the contract says', (name, wanted) => {
    const ours = schema.getType(name);
    expect(ours, `type ${name}`).toBeDefined();
    if (!ours) return;
    expect(kindOf(ours)).toBe(kindOf(wanted));
    if ((isObjectType(wanted) || isInterfaceType(wanted)) && (isObjectType(ours) || isInterfaceType(ours))) {
      expect(ours.getInterfaces().map((i) => i.name)).toEqual(expect.arrayContaining(wanted.getInterfaces().map((i) => i.name)));
      const fields = ours.getFields();
      for (const field of Object.values(wanted.getFields())) {
        const mine = fields[field.name];
        expect(mine, `${name}.${field.name}`).toBeDefined();
        expect(String(mine?.type), `${name}.${field.name} type`).toBe(String(field.type));
        for (const arg of field.args) {
          const myArg = mine?.args.find((a) => a.name === arg.name);
          expect(String(myArg?.type), `${name}.${field.name}(${arg.name})`).toBe(String(arg.type));
        }
        // Any argument added beyond the contract must be optional, so contract queries stay valid.
        for (const extra of mine?.args.filter((a) => !field.args.some((w) => w.name === a.name)) ?? []) {
          expect(String(extra.type).endsWith('!'), `${name}.${field.name}(${extra.name}) is optional`).toBe(false);
        }
      }
    }
    if (isInputObjectType(wanted) && isInputObjectType(ours)) {
      const fields = ours.getFields();
      for (const field of Object.values(wanted.getFields())) {
        expect(String(fields[field.name]?.type), `${name}.${field.name}`).toBe(String(field.type));
        expect(fields[field.name]?.defaultValue, `${name}.${field.name} default`).toEqual(field.defaultValue);
      }
    }
    if (isEnumType(wanted) && isEnumType(ours)) {
      // Every value of the contract is there; values beyond it are additions (BackendKind gains one per new backend).
      expect(ours.getValues().map((v) => v.name)).toEqual(expect.arrayContaining(wanted.getValues().map((v) => v.name)));
    }
    if (isUnionType(wanted) && isUnionType(ours)) {
      const members = ours.getTypes();
      expect(members.map((t) => t.name)).toEqual(expect.arrayContaining(wanted.getTypes().map((t) => t.name)));
      // A member beyond the contract (OperationsUnavailableError) must be a typed error: `... on Error` covers it.
      // PlannedDeletion is the one exception: only a deleteSnapshots that asks for a dry run is answered it.
      const extras = members.filter((t) => !wanted.getTypes().some((w) => w.name === t.name) && !(name === 'DeleteSnapshotResult' && t.name === 'PlannedDeletion'));
      for (const extra of extras) expect(extra.getInterfaces().map((i) => i.name), `${name} | ${extra.name}`).toContain('Error');
    }
  });

  it('is printed to schema/schema.graphql exactly as the code builds it (run `npm run codegen` after a change)', () => {
    const committed = readFileSync(new URL('../schema/schema.graphql', import.meta.url), 'utf8');
    expect(committed.trim()).toBe(printSchema(schema).trim());
  });
});
