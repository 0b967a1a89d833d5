import { GraphQLError } from 'graphql';

/** A client error about one argument: BAD_USER_INPUT, the argument named in the message and in `extensions.argumentName`. */
export function badUserInput(argumentName: string, message: string): GraphQLError {
  return new GraphQLError(`Invalid argument "${argumentName}": ${message}`, {
    extensions: { code: 'BAD_USER_INPUT', argumentName },
  });
}

/** Not found for mutations that must address an existing row (queries answer null instead). */
export function notFound(what: string, id: string | number): GraphQLError {
  return new GraphQLError(`${what} ${id} not found`, { extensions: { code: 'NOT_FOUND' } });
}
