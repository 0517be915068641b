import type { ReactNode } from 'react';

/**
 * Shared pieces of the "where to click" illustrations: a window-like frame, callouts and
 * highlights, and simplified, non-interactive stand-ins for portal controls. Everything here is
 * a picture: only div/span/svg, no focusable element, light colours whatever the site theme.
 */

/** Obviously fake GUIDs shown when the real ones are not known yet. */
export const PLACEHOLDER = {
  clientId: '00000000-0000-0000-0000-0000000000c1',
  objectId: '00000000-0000-0000-0000-0000000000b0',
  tenantId: '00000000-0000-0000-0000-0000000000a7',
  secretId: '00000000-0000-0000-0000-0000000005e1',
  appName: 'Nexthink connector',
  tenantName: 'Contoso',
} as const;

export function cx(...classes: (string | false | null | undefined)[]): string {
  return classes.filter(Boolean).join(' ');
}

// ---------------------------------------------------------------------------------------------
// Callouts and highlights

/** Numbered round badge: dark text on amber (contrast > 10:1). */
function Badge({ n }: { n: number }) {
  return (
    <span className="inline-flex size-5 shrink-0 items-center justify-center rounded-full border border-amber-700 bg-amber-400 text-[11px] font-bold leading-none text-slate-950">
      {n}
    </span>
  );
}

/** Numbered badge plus a short text label, so a highlight never relies on colour alone. */
export function Callout({ n, label, className }: { n: number; label: string; className?: string }) {
  return (
    <span className={cx('inline-flex max-w-full min-w-0 items-center gap-1 align-middle', className)}>
      <Badge n={n} />
      <span className="min-w-0 rounded border border-amber-600 bg-amber-100 px-1.5 py-0.5 text-[11px] font-semibold leading-tight text-amber-950">
        {label}
      </span>
    </span>
  );
}

/** The amber outline drawn around the thing to copy or click. */
export const HIGHLIGHT_RING = 'rounded ring-3 ring-amber-600 ring-offset-2 ring-offset-white';

/**
 * Outlines `children` and attaches a numbered callout, either above the element (block content
 * such as a form row) or right after it (inline content such as a button).
 */
export function Highlight({
  n,
  label,
  children,
  placement = 'above',
  className,
}: {
  n: number;
  label: string;
  children: ReactNode;
  placement?: 'above' | 'after';
  className?: string;
}) {
  if (placement === 'after') {
    return (
      <span className={cx('inline-flex max-w-full min-w-0 flex-wrap items-center gap-x-3 gap-y-2', className)}>
        <span className={cx('inline-flex min-w-0', HIGHLIGHT_RING)}>{children}</span>
        <Callout n={n} label={label} />
      </span>
    );
  }
  return (
    <div className={cx('min-w-0', className)}>
      <Callout n={n} label={label} className="mb-2" />
      <div className={cx('min-w-0', HIGHLIGHT_RING)}>{children}</div>
    </div>
  );
}

/** Marks a look-alike value the admin must NOT copy (dashed red outline + "Not this one"). */
export function NotThis({ children, label = 'Not this one', className }: { children: ReactNode; label?: string; className?: string }) {
  return (
    <div className={cx('min-w-0', className)}>
      <span className="mb-1.5 inline-flex items-center gap-1 rounded border border-red-700 bg-red-50 px-1.5 py-0.5 text-[11px] font-semibold leading-tight text-red-800">
        <CrossIcon />
        {label}
      </span>
      <div className="min-w-0 rounded border-2 border-dashed border-red-700 p-1">{children}</div>
    </div>
  );
}

// ---------------------------------------------------------------------------------------------
// Icons (decorative, our own shapes)

type IconProps = { className?: string };

function Svg({ className, children }: IconProps & { children: ReactNode }) {
  return (
    <svg aria-hidden="true" focusable="false" viewBox="0 0 16 16" className={cx('size-3.5 shrink-0', className)}>
      {children}
    </svg>
  );
}

export function CheckCircleIcon({ className }: IconProps) {
  return (
    <Svg className={cx('text-green-700', className)}>
      <circle cx="8" cy="8" r="7" fill="currentColor" />
      <path d="M4.5 8.2l2.2 2.2 4.8-4.8" fill="none" stroke="#fff" strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round" />
    </Svg>
  );
}

export function WarningIcon({ className }: IconProps) {
  return (
    <Svg className={cx('text-amber-700', className)}>
      <path d="M8 1.5l7 13H1z" fill="currentColor" />
      <path d="M8 6v4" stroke="#fff" strokeWidth="1.6" strokeLinecap="round" />
      <circle cx="8" cy="12.3" r="0.9" fill="#fff" />
    </Svg>
  );
}

function CrossIcon({ className }: IconProps) {
  return (
    <Svg className={cx('size-3', className)}>
      <path d="M3.5 3.5l9 9m0-9l-9 9" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
    </Svg>
  );
}

export function CopyIcon({ className }: IconProps) {
  return (
    <Svg className={cx('text-blue-700', className)}>
      <rect x="5" y="5" width="8.5" height="9.5" rx="1.2" fill="none" stroke="currentColor" strokeWidth="1.4" />
      <path d="M3 11V2.8C3 2.1 3.5 1.5 4.3 1.5H10" fill="none" stroke="currentColor" strokeWidth="1.4" />
    </Svg>
  );
}

function ChevronDownIcon({ className }: IconProps) {
  return (
    <Svg className={cx('size-3 text-slate-700', className)}>
      <path d="M3.5 6l4.5 4.5L12.5 6" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" />
    </Svg>
  );
}

/** A radio button drawn as a picture. */
export function RadioMark({ selected }: { selected: boolean }) {
  return (
    <Svg className="mt-px text-slate-800">
      <circle cx="8" cy="8" r="6.3" fill="#fff" stroke="currentColor" strokeWidth="1.4" />
      {selected && <circle cx="8" cy="8" r="3.4" fill="currentColor" />}
    </Svg>
  );
}

/** A ticked checkbox drawn as a picture. */
export function CheckboxMark() {
  return (
    <Svg className="text-blue-700">
      <rect x="1.5" y="1.5" width="13" height="13" rx="2" fill="currentColor" />
      <path d="M4.5 8.2l2.2 2.2 4.8-4.8" fill="none" stroke="#fff" strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round" />
    </Svg>
  );
}

// ---------------------------------------------------------------------------------------------
// Stand-ins for controls (spans, never real form controls)

/** A button as drawn in a screenshot. */
export function FakeButton({ children, variant = 'secondary' }: { children: ReactNode; variant?: 'primary' | 'secondary' | 'command' }) {
  const styles = {
    primary: 'rounded border border-blue-700 bg-blue-700 px-3 py-1 font-semibold text-white',
    secondary: 'rounded border border-slate-500 bg-white px-3 py-1 font-semibold text-slate-900',
    command: 'rounded px-1.5 py-1 text-slate-900',
  } as const;
  return <span className={cx('inline-flex items-center gap-1 whitespace-nowrap text-xs', styles[variant])}>{children}</span>;
}

/**
 * A text box or drop-down as drawn in a screenshot. Long values (GUIDs, URLs) break anywhere so
 * the picture never overflows a narrow screen.
 */
export function FakeField({
  value,
  placeholder,
  mono = false,
  dropdown = false,
  className,
}: {
  value?: ReactNode;
  placeholder?: string;
  mono?: boolean;
  dropdown?: boolean;
  className?: string;
}) {
  const empty = value === undefined || value === null || value === '';
  return (
    <span
      className={cx(
        'flex min-h-7 min-w-0 items-center justify-between gap-2 rounded-sm border border-slate-500 bg-white px-2 py-1 text-xs',
        className,
      )}
    >
      <span className={cx('min-w-0 break-all', mono && 'font-mono', empty ? 'italic text-slate-600' : 'text-slate-900')}>
        {empty ? (placeholder ?? '\u00a0') : value}
      </span>
      {dropdown && <ChevronDownIcon />}
    </span>
  );
}

/** A masked secret, as Nexthink shows it. */
export function Dots({ count = 12 }: { count?: number }) {
  return (
    <span className="tracking-widest" aria-hidden="true">
      {'\u2022'.repeat(count)}
    </span>
  );
}

// ---------------------------------------------------------------------------------------------
// Frames

export type Product = 'entra' | 'nexthink';

const PRODUCT = {
  entra: { name: 'Microsoft Entra admin center', host: 'entra.microsoft.com', bar: 'bg-slate-900' },
  nexthink: { name: 'Nexthink', host: 'your-instance.nexthink.cloud', bar: 'bg-indigo-950' },
} as const;

function ProductMark({ product }: { product: Product }) {
  // Our own simple shapes, not the real logos.
  return product === 'entra' ? (
    <svg aria-hidden="true" focusable="false" viewBox="0 0 16 16" className="size-4 shrink-0">
      <path d="M8 1l6 8-6 6-6-6z" fill="#93c5fd" />
      <path d="M8 1l6 8-6 6z" fill="#60a5fa" />
    </svg>
  ) : (
    <svg aria-hidden="true" focusable="false" viewBox="0 0 16 16" className="size-4 shrink-0">
      <path d="M8 1l6 3.5v7L8 15l-6-3.5v-7z" fill="#a5b4fc" />
      <circle cx="8" cy="8" r="2.6" fill="#312e81" />
    </svg>
  );
}

/**
 * The window around every illustration: `<figure>` → element with role="img" and `label` →
 * title bar (three dots), product bar, breadcrumb, `children`; then `<figcaption>` with `caption`.
 */
export function ScreenFrame({
  product,
  breadcrumb,
  label,
  caption,
  children,
}: {
  product: Product;
  breadcrumb: readonly string[];
  label: string;
  caption: ReactNode;
  children: ReactNode;
}) {
  const p = PRODUCT[product];
  return (
    <figure className="mx-auto w-full max-w-[720px] min-w-0">
      <div
        role="img"
        aria-label={label}
        className="@container overflow-hidden rounded-lg border border-slate-400 bg-white text-xs text-slate-900 shadow-sm [color-scheme:light] dark:border-slate-500 dark:shadow-black/50"
      >
        <div className="flex items-center gap-2 border-b border-slate-300 bg-slate-200 px-3 py-1.5">
          <span className="flex gap-1.5" aria-hidden="true">
            <span className="size-2.5 rounded-full bg-red-400" />
            <span className="size-2.5 rounded-full bg-amber-400" />
            <span className="size-2.5 rounded-full bg-green-500" />
          </span>
          <span className="min-w-0 truncate rounded bg-white px-2 py-0.5 text-[11px] text-slate-700">{p.host}</span>
        </div>
        <div className={cx('flex items-center gap-2 px-3 py-1.5 text-[13px] font-semibold text-white', p.bar)}>
          <ProductMark product={product} />
          <span className="min-w-0 truncate">{p.name}</span>
        </div>
        <div className="flex flex-wrap items-center gap-x-1 gap-y-0.5 border-b border-slate-200 px-3 py-1.5 text-[11px]">
          {breadcrumb.map((crumb, i) => {
            const last = i === breadcrumb.length - 1;
            return (
              <span key={`${i}-${crumb}`} className="inline-flex items-center gap-1">
                <span className={last ? 'font-semibold text-slate-900' : 'text-blue-700'}>{crumb}</span>
                {!last && <span className="text-slate-600" aria-hidden="true">&gt;</span>}
              </span>
            );
          })}
        </div>
        <div className="min-w-0">{children}</div>
      </div>
      <figcaption className="mt-2 text-sm text-slate-700 dark:text-slate-300">{caption}</figcaption>
    </figure>
  );
}

const ENTRA_NAV_TOP = ['Overview', 'Quickstart', 'Integration assistant'] as const;
const ENTRA_NAV_MANAGE = [
  'Branding & properties',
  'Authentication',
  'Certificates & secrets',
  'Token configuration',
  'API permissions',
  'Expose an API',
  'App roles',
  'Owners',
  'Roles and administrators',
  'Manifest',
] as const;

export type EntraNavItem = (typeof ENTRA_NAV_TOP)[number] | (typeof ENTRA_NAV_MANAGE)[number];

/**
 * An app registration blade: the app's left menu (hidden on narrow screens, replaced by a one-line
 * hint), the blade title "{app} | {page}" and the page body.
 */
export function EntraAppBlade({ appName, active, children }: { appName: string; active: EntraNavItem; children: ReactNode }) {
  const item = (name: EntraNavItem) => (
    <span
      key={name}
      className={cx(
        'block truncate border-l-2 px-2 py-0.5',
        name === active ? 'border-blue-700 bg-slate-100 font-semibold text-slate-900' : 'border-transparent text-slate-800',
      )}
    >
      {name}
    </span>
  );
  const inManage = (ENTRA_NAV_MANAGE as readonly string[]).includes(active);
  return (
    <div className="flex min-w-0">
      <div className="hidden w-40 shrink-0 border-r border-slate-200 py-2 @xl:block">
        {ENTRA_NAV_TOP.map(item)}
        <span className="mt-1 block px-2 py-0.5 font-semibold text-slate-700">Manage</span>
        {ENTRA_NAV_MANAGE.map(item)}
      </div>
      <div className="min-w-0 flex-1 p-3">
        <span className="mb-2 block text-[11px] text-slate-700 @xl:hidden">
          Left menu: {inManage ? 'Manage > ' : ''}
          <span className="font-semibold text-slate-900">{active}</span>
        </span>
        <span className="mb-3 block text-base font-semibold break-words text-slate-900">
          {appName} <span className="font-normal text-slate-700">|</span> {active}
        </span>
        {children}
      </div>
    </div>
  );
}

/** A Nexthink Administration page: dark icon rail, page title, optional sub-title and tabs. */
export function NexthinkPage({
  title,
  subtitle,
  tabs,
  activeTab,
  children,
}: {
  title: string;
  subtitle?: ReactNode;
  tabs?: readonly string[];
  activeTab?: string;
  children: ReactNode;
}) {
  return (
    <div className="flex min-w-0">
      <div className="hidden w-9 shrink-0 flex-col items-center gap-2 bg-indigo-950 py-3 @md:flex" aria-hidden="true">
        {[0, 1, 2, 3, 4].map((i) => (
          <span key={i} className={cx('size-4 rounded', i === 4 ? 'bg-indigo-300' : 'bg-indigo-700')} />
        ))}
      </div>
      <div className="min-w-0 flex-1 bg-slate-50 p-3">
        <span className="block text-base font-semibold text-slate-900">{title}</span>
        {subtitle && <span className="mt-0.5 block text-[11px] text-slate-700">{subtitle}</span>}
        {tabs && (
          <div className="mt-2 flex flex-wrap gap-4 border-b border-slate-300">
            {tabs.map((tab) => (
              <span
                key={tab}
                className={cx(
                  '-mb-px border-b-2 pb-1 font-semibold',
                  tab === activeTab ? 'border-indigo-700 text-indigo-900' : 'border-transparent text-slate-700',
                )}
              >
                {tab}
              </span>
            ))}
          </div>
        )}
        <div className="mt-3 min-w-0 rounded border border-slate-300 bg-white p-3">{children}</div>
      </div>
    </div>
  );
}

/** A label + control row of a Nexthink form: stacked on narrow screens, two columns when wide. */
export function FormRow({ label, required = false, children }: { label: string; required?: boolean; children: ReactNode }) {
  return (
    <div className="grid min-w-0 gap-1 py-1.5 @md:grid-cols-[9.5rem_minmax(0,1fr)] @md:items-center @md:gap-3">
      <span className="font-semibold text-slate-800">
        {label}
        {required && <span className="text-red-800"> *</span>}
      </span>
      <div className="min-w-0">{children}</div>
    </div>
  );
}
