'use client';

import dynamic from 'next/dynamic';

/**
 * Parts of pages whose code is not needed for the first paint load after it: the sign-in (only when the
 * operator configured it), the share links and the tenant-wide proof below the fold. Each reserves its
 * space while loading so nothing jumps.
 */
const placeholder = (label: string, minHeight: string) =>
  function Loading() {
    return (
      <p className="text-sm text-slate-700 dark:text-slate-300" style={{ minHeight }} role="status">
        {label}
      </p>
    );
  };

export const LazySigninPanel = dynamic(() => import('@/components/signin/signin-panel').then((m) => m.SigninPanel), {
  loading: placeholder('Loading “Sign in with Microsoft”…', '6rem'),
});

export const LazySharePanel = dynamic(() => import('@/components/summary/share-panel').then((m) => m.SharePanel), {
  ssr: false,
  loading: placeholder('Loading share links…', '10rem'),
});

export const LazyUsersProof = dynamic(() => import('@/components/analysis/users-proof').then((m) => m.UsersProof), {
  ssr: false,
  loading: placeholder('Loading the tenant-wide proof…', '20rem'),
});

export const LazyWorkflowRunPanel = dynamic(() => import('@/components/nexthink/workflow-run-panel').then((m) => m.WorkflowRunPanel), {
  ssr: false,
  loading: placeholder('Loading “Run it in Nexthink”…', '12rem'),
});
