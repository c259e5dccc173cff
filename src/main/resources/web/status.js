// The public status page: one card per mount, refreshed from /status.json without reloading, so the title
// follows the music. Cards are updated in place: a playing <audio> element is never rebuilt.
'use strict';

(function () {
  const POLL_MS = 3000;
  const list = document.getElementById('mounts');
  const message = document.getElementById('status-message');
  const cards = new Map();

  const ON_AIR = {
    live: 'Live',
    fallback_mount: 'Fallback stream',
    playlist: 'Playlist',
    silence: 'Silence',
    off: 'Off air'
  };

  const { element } = relaycastDom;

  function idFor(mount) {
    return relaycastDom.idFor('mount', mount);
  }

  function fact(list, label, className) {
    list.append(element('dt', '', label));
    const value = element('dd', className, '–');
    list.append(value);
    return value;
  }

  function createCard(mount) {
    const id = idFor(mount);
    const item = element('li', 'card');
    item.dataset.mount = mount;
    const article = element('article');
    article.setAttribute('aria-labelledby', id + '-name');

    const heading = element('div', 'card-heading');
    const name = element('h2', 'name');
    name.id = id + '-name';
    const badge = element('span', 'badge');
    heading.append(name, badge);

    const description = element('p', 'description');
    const now = element('p', 'now-playing');
    now.append(element('span', 'label', 'Now playing: '));
    const title = element('span', 'title');
    title.setAttribute('aria-live', 'polite');
    now.append(title);

    const facts = element('dl', 'facts');
    const listeners = fact(facts, 'Listeners', 'listeners');
    const bitrate = fact(facts, 'Bitrate', 'bitrate');
    const track = fact(facts, 'Playlist track', 'track');

    const audio = element('audio', 'player');
    audio.controls = true;
    audio.preload = 'none';
    // A mount's name may hold a space, '#', '?' or '%': each segment is encoded, the slashes kept.
    const href = mount.split('/').map(encodeURIComponent).join('/');
    audio.src = href;
    audio.id = id + '-player';

    const links = element('p', 'playlists');
    links.append(element('span', 'label', 'Open in your player: '));
    for (const [suffix, label] of [['.m3u', 'M3U'], ['.pls', 'PLS'], ['.xspf', 'XSPF']]) {
      const link = element('a', 'button-link', label);
      link.href = href + suffix;
      link.setAttribute('aria-describedby', name.id);
      links.append(link, ' ');
    }

    article.append(heading, description, now, facts, audio, links);
    item.append(article);
    return { item, name, badge, description, title, listeners, bitrate, track, audio };
  }

  function update(card, source) {
    const displayName = source.server_name || source.mount;
    card.name.textContent = displayName;
    card.audio.setAttribute('aria-label', 'Listen to ' + displayName);
    const state = source.on_air || 'off';
    card.badge.textContent = ON_AIR[state] || state;
    card.badge.className = 'badge on-air-' + state;
    card.description.textContent = source.server_description || '';
    card.description.hidden = !source.server_description;
    const title = source.title || (source.playlist_track && source.playlist_track.title) || 'Nothing announced';
    if (card.title.textContent !== title) {
      card.title.textContent = title;
    }
    card.listeners.textContent = String(source.listeners);
    card.bitrate.textContent = source.bitrate ? source.bitrate + ' kbit/s' : 'unknown';
    card.track.textContent = source.playlist_track ? source.playlist_track.title : 'none';
  }

  function render(sources) {
    const seen = new Set();
    for (const source of sources) {
      seen.add(source.mount);
      let card = cards.get(source.mount);
      if (!card) {
        card = createCard(source.mount);
        cards.set(source.mount, card);
        list.append(card.item);
      }
      update(card, source);
    }
    for (const [mount, card] of cards) {
      if (!seen.has(mount)) {
        card.audio.pause();
        card.item.remove();
        cards.delete(mount);
      }
    }
    message.textContent = sources.length === 0 ? 'No streams are on air right now.' : '';
    message.hidden = sources.length !== 0;
  }

  async function refresh() {
    try {
      const response = await fetch('/status.json', { cache: 'no-store' });
      if (!response.ok) {
        throw new Error('HTTP ' + response.status);
      }
      const status = await response.json();
      render(status.icestats.source || []);
    } catch (error) {
      message.hidden = false;
      message.textContent = 'Could not load the streams (' + error.message + '); retrying.';
    } finally {
      setTimeout(refresh, POLL_MS);
    }
  }

  refresh();
}());
