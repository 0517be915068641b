'use client';

import dynamic from 'next/dynamic';

/**
 * The status page's panels load after the first paint, like `components/lazy-islands.tsx`, in a module of their
 * own so other pages do not carry them. Each placeholder is the panel's own section and heading, so the page's
 * outline and landmarks are in the first HTML and nothing jumps when the panel arrives.
 */
const sectionPlaceholder = (headingId: string, title: string, minHeight: string, className: string) =>
  function Loading() {
    return (
      <section aria-labelledby={headingId} className={`space-y-3 rounded-lg border p-4 ${className}`} style={{ minHeight }}>
        <h2 id={headingId} className="text-lg font-semibold">
          {title}
        </h2>
        <p className="text-sm text-slate-700 dark:text-slate-300" role="status">
          Loading…
        </p>
      </section>
    );
  };

const plain = 'no-print border-slate-300 dark:border-slate-700';

export const LazyApprovalPanel = dynamic(() => import('@/components/approvals/approval-panel').then((m) => m.ApprovalPanel), {
  ssr: false,
  loading: sectionPlaceholder('approval-heading', 'Ask an approver for admin consent', '12rem', plain),
});

export const LazyMonitorPanel = dynamic(() => import('@/components/monitor/monitor-panel').then((m) => m.MonitorPanel), {
  ssr: false,
  loading: sectionPlaceholder('monitor-heading', 'Monitoring', '10rem', 'border-slate-300 dark:border-slate-700'),
});

export const LazyNotificationsPanel = dynamic(() => import('@/components/notify/notifications-panel').then((m) => m.NotificationsPanel), {
  ssr: false,
  loading: sectionPlaceholder('notifications-heading', 'Notifications', '16rem', plain),
});

export const LazyDeleteSetup = dynamic(() => import('@/components/status/delete-setup').then((m) => m.DeleteSetup), {
  ssr: false,
  loading: sectionPlaceholder('delete-heading', 'Delete this setup', '7rem', 'no-print border-red-300 dark:border-red-800'),
});
