// The live board needs the browser: its doc syncs over a websocket opened from the page.
export const ssr = false;
