/** Where the page keeps the run's token: sessionStorage, which only this origin (this port) can read. */
export const TOKEN_KEY = 'altlens-token';

type PageWindow = Pick<Window, 'location' | 'history' | 'sessionStorage'>;

/**
 * The run's token. Opened from the printed link, the page takes `?token=` into this tab's sessionStorage and
 * out of the address bar (and so out of history and of what is shared or bookmarked); on a reload it reads
 * it back from there. Nothing is sent anywhere but as this page's own `Authorization` header: no cookie,
 * which every other server on 127.0.0.1 would receive.
 */
export function takePageToken(page: PageWindow = window): string | null {
  const url = new URL(page.location.href);
  const fromLink = url.searchParams.get('token');
  if (fromLink !== null) {
    url.searchParams.delete('token');
    page.history.replaceState(page.history.state, '', `${url.pathname}${url.search}${url.hash}`);
    try {
      page.sessionStorage.setItem(TOKEN_KEY, fromLink);
    } catch {
      // Storage is off: the token lasts until the page is reloaded.
    }
    return fromLink;
  }
  try {
    return page.sessionStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}
