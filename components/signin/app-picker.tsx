'use client';

import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Button } from '@/components/ui/button';
import { inputClass } from '@/components/ui/field';
import { formatDate, searchApps, type AppListItem } from './app-reads';
import { graphErrorText } from './graph-client';
import { graphToken, signinErrorMessage, type SignedInAccount, type SigninTarget } from './msal-client';

/** Searchable list of the tenant's app registrations (delegated Application.Read.All); picking one fills its IDs. */
export function AppPicker({ target, account, onPick }: { target: SigninTarget; account: SignedInAccount; onPick(app: AppListItem): void }) {
  const [text, setText] = useState('');
  const [term, setTerm] = useState('');
  const query = useQuery({
    queryKey: ['signin', 'applications', account.homeAccountId, term],
    queryFn: async () => searchApps(target.graphUrl, await graphToken(target, account, 'read'), term),
    staleTime: 30_000,
  });

  function submit(e: FormEvent) {
    e.preventDefault();
    if (text.trim() === term) void query.refetch();
    else setTerm(text.trim());
  }

  const items = query.data?.items ?? [];
  const status = query.isFetching
    ? 'Searching your app registrations…'
    : query.error
      ? `Could not list the app registrations: ${query.error instanceof Error && 'errorCode' in query.error ? signinErrorMessage(query.error) : graphErrorText(query.error)}`
      : query.data
        ? `${query.data.count ?? items.length} app registration${(query.data.count ?? items.length) === 1 ? '' : 's'} found${term ? ` for “${term}”` : ''}.`
        : '';

  return (
    <div className="space-y-3">
      <form role="search" aria-label="App registrations" onSubmit={submit} className="space-y-1">
        <label htmlFor="signin-app-search" className="block text-sm font-semibold">
          Search your app registrations
        </label>
        <div className="flex gap-2">
          <input
            id="signin-app-search"
            type="search"
            value={text}
            onChange={(e) => setText(e.target.value)}
            aria-describedby="signin-app-search-hint"
            autoComplete="off"
            spellCheck={false}
            className={inputClass}
          />
          <Button type="submit" variant="secondary">
            Search
          </Button>
        </div>
        <p id="signin-app-search-hint" className="text-xs text-slate-700 dark:text-slate-300">
          Words the name starts with, or an Application (client) ID. Empty: the first 25 by name.
        </p>
      </form>
      <p role="status" aria-live="polite" className={`text-sm ${query.error ? 'font-medium text-red-800 dark:text-red-300' : ''}`}>
        {status}
      </p>
      {items.length > 0 && (
        <ul aria-label="Matching app registrations" className="divide-y divide-slate-200 rounded-md border border-slate-300 dark:divide-slate-800 dark:border-slate-700">
          {items.map((app) => (
            <li key={app.id} className="flex flex-wrap items-center justify-between gap-2 px-3 py-2 text-sm">
              <div className="min-w-0">
                <p className="font-semibold">{app.displayName}</p>
                <p className="font-mono text-xs text-slate-700 dark:text-slate-300">{app.appId}</p>
                <p className="text-xs text-slate-700 dark:text-slate-300">
                  Created {formatDate(app.createdDateTime)}
                  {app.signInAudience !== 'AzureADMyOrg' && <span className="font-medium text-amber-900 dark:text-amber-200"> · not single tenant</span>}
                </p>
              </div>
              <Button variant="secondary" onClick={() => onPick(app)}>
                Use <span className="sr-only">{app.displayName}</span>
              </Button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
