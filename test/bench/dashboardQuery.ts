// The dashboard query the bench measures: the same typed document the batching test runs, printed.
import { print } from 'graphql';
import { Dashboard } from '../helpers/documents.js';

export const DASHBOARD_QUERY = print(Dashboard);
