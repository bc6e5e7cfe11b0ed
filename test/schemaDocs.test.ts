// The schema documents itself: every type, field, argument, input field and enum value the gateway defines has a
// description, so GraphiQL's docs explorer and generated clients say what each is, with its defaults and limits.
import { isEnumType, isInputObjectType, isInterfaceType, isObjectType, isScalarType, isSpecifiedScalarType, type GraphQLNamedType } from 'graphql';
import { describe, expect, it } from 'vitest';
import { schema } from '../src/graphql/schema.js';

/** Every place of a type that should say what it is, and whether it does. */
function places(type: GraphQLNamedType): { where: string; described: boolean }[] {
  const described = (text: string | null | undefined) => typeof text === 'string' && text.trim().length > 0;
  const found = [{ where: type.name, described: described(type.description) }];
  if (isObjectType(type) || isInterfaceType(type)) {
    for (const field of Object.values(type.getFields())) {
      found.push({ where: `${type.name}.${field.name}`, described: described(field.description) });
      for (const arg of field.args) found.push({ where: `${type.name}.${field.name}(${arg.name})`, described: described(arg.description) });
    }
  }
  if (isInputObjectType(type)) {
    for (const field of Object.values(type.getFields())) found.push({ where: `${type.name}.${field.name}`, described: described(field.description) });
  }
  if (isEnumType(type)) {
    for (const value of type.getValues()) found.push({ where: `${type.name}.${value.name}`, described: described(value.description) });
  }
  return found;
}

describe('the schema documents itself', () => {
  it('describes every type, field, argument, input field and enum value it defines', () => {
    const ours = Object.values(schema.getTypeMap()).filter((type) => !type.name.startsWith('__') && !(isScalarType(type) && isSpecifiedScalarType(type)));
    const all = ours.flatMap(places);
    expect(all.length).toBeGreaterThan(400);
    expect(all.filter((place) => !place.described).map((place) => place.where)).toEqual([]);
  });

  it('says the defaults and limits of paging where clients read them', () => {
    const vms = schema.getQueryType()?.getFields().vms;
    const first = vms?.args.find((arg) => arg.name === 'first')?.description ?? '';
    expect(first).toMatch(/50 by default/);
    expect(first).toMatch(/1000 by default/);
  });
});
