// The admin page: one panel per mount with its listeners (kick), the now-playing title (update), the live source
// (kick), moving listeners, and the playlist (skip, queue, rescan). It only calls the admin API the page's login
// already authorises; the tables refresh every few seconds, the forms are left alone while you type.
'use strict';

(function () {
  const POLL_MS = 4000;
  // Listing every listener costs the server a walk of them all: a mount with more starts with its list folded, and a
  // folded list is not fetched. The full track list is fetched on load and after a rescan only.
  const OPEN_LISTENERS_UP_TO = 100;
  const container = document.getElementById('mounts');
  const empty = document.getElementById('empty');
  const result = document.getElementById('result');
  const panels = new Map();

  const { element } = relaycastDom;

  function idFor(mount) {
    return relaycastDom.idFor('admin', mount);
  }

  async function api(command, params) {
    const query = new URLSearchParams(params).toString();
    const response = await fetch('/admin/' + command + '.json?' + query, { cache: 'no-store', credentials: 'same-origin' });
    const body = await response.json().catch(() => ({ message: 'HTTP ' + response.status, return: 0 }));
    return { ok: response.ok, body };
  }

  async function command(commandName, params, done) {
    const { body } = await api(commandName, params);
    result.textContent = body.message || (body.return === 1 ? 'Done' : 'Failed');
    if (done) {
      done();
    }
    refresh();
  }

  async function updateMetadata(mount, song) {
    const query = new URLSearchParams({ mode: 'updinfo', mount, song, charset: 'UTF-8' }).toString();
    const response = await fetch('/admin/metadata?' + query, { credentials: 'same-origin' });
    result.textContent = response.ok ? 'Title of ' + mount + ' set to “' + song + '”' : 'Title update failed: HTTP '
      + response.status;
    refresh();
  }

  function field(labelText, control, id) {
    const wrap = element('div', 'field');
    const label = element('label', '', labelText);
    label.htmlFor = id;
    control.id = id;
    wrap.append(label, control);
    return wrap;
  }

  function form(className, onSubmit, ...children) {
    const node = element('form', 'row ' + className);
    node.append(...children);
    node.addEventListener('submit', (event) => {
      event.preventDefault();
      onSubmit();
    });
    return node;
  }

  function createPanel(mount, listenerCount) {
    const id = idFor(mount);
    // trackCount: the size of the track list loaded (null: none loaded); listenersByHand: the user folded or unfolded them.
    const panelState = { trackCount: null, shown: false, listenersByHand: false };
    const section = element('section', 'panel');
    section.setAttribute('aria-labelledby', id + '-heading');
    const heading = element('h2', '', mount);
    heading.id = id + '-heading';
    const summary = element('p', 'description');

    const titleInput = element('input');
    titleInput.type = 'text';
    titleInput.autocomplete = 'off';
    const metadataForm = form('metadata', () => updateMetadata(mount, titleInput.value),
      field('Now playing title', titleInput, id + '-title'), element('button', 'primary', 'Update title'));

    const kickSource = element('button', 'danger', 'Disconnect live source');
    kickSource.type = 'button';
    kickSource.addEventListener('click', () => command('killsource', { mount }));

    const destination = element('select');
    const moveForm = form('move', () => command('moveclients', { mount, destination: destination.value }),
      field('Move all listeners to', destination, id + '-destination'), element('button', '', 'Move listeners'));

    const listenersBox = element('details', 'listeners-box');
    listenersBox.open = listenerCount <= OPEN_LISTENERS_UP_TO;
    const listenersSummary = element('summary');
    listenersSummary.append(element('h3', '', 'Listeners'));
    listenersSummary.addEventListener('click', () => {
      panelState.listenersByHand = true;
    });
    listenersBox.addEventListener('toggle', () => {
      // The toggle of the initial state comes before the panel's first refresh is done: that one fetches the list.
      if (listenersBox.open && panelState.shown) {
        refresh();
      }
    });
    const tableWrap = element('div', 'table-wrap');
    const table = element('table', 'listeners');
    const head = element('thead');
    const headRow = element('tr');
    for (const name of ['ID', 'IP', 'Player', 'Connected', 'Action']) {
      const th = element('th', '', name);
      th.scope = 'col';
      headRow.append(th);
    }
    head.append(headRow);
    const body = element('tbody');
    table.append(head, body);
    tableWrap.append(table);
    listenersBox.append(listenersSummary, tableWrap);

    const playlist = element('div', 'playlist');
    playlist.hidden = true;
    const playlistHeading = element('h3', '', 'Playlist');
    const current = element('p', 'now-playing');
    const upcoming = element('ol', 'upcoming');
    const skip = element('button', 'primary', 'Skip track');
    skip.type = 'button';
    skip.addEventListener('click', () => command('skip', { mount }));
    const rescan = element('button', '', 'Rescan folder');
    rescan.type = 'button';
    rescan.addEventListener('click', () => command('rescan', { mount }, () => {
      panelState.trackCount = null;
    }));
    const trackSelect = element('select');
    const queueForm = form('queue', () => command('queue', { mount, track: trackSelect.value }),
      field('Play next', trackSelect, id + '-track'), element('button', '', 'Queue track'));
    const buttons = element('div', 'row');
    buttons.append(skip, rescan);
    playlist.append(playlistHeading, current, element('p', 'label', 'Coming up:'), upcoming, buttons, queueForm);

    section.append(heading, summary, metadataForm, element('h3', '', 'Source'), kickSource, moveForm,
      listenersBox, playlist);
    container.append(section);
    return { section, summary, kickSource, destination, moveForm, body, playlist, current, upcoming, trackSelect, titleInput,
      listenersBox, state: panelState };
  }

  function fillSelect(select, options) {
    const keep = select.value;
    const wanted = options.map(([value, label]) => value + '\u0000' + label).join('\u0001');
    if (select.dataset.options === wanted) {
      return;
    }
    select.replaceChildren(...options.map(([value, label]) => {
      const option = element('option', '', label);
      option.value = value;
      return option;
    }));
    select.dataset.options = wanted;
    if (options.some(([value]) => value === keep)) {
      select.value = keep;
    }
  }

  function renderListeners(panel, mount, clients) {
    panel.body.replaceChildren(...clients.map((client) => {
      const row = element('tr');
      const cells = [['ID', String(client.id)], ['IP', client.ip], ['Player', client.user_agent],
        ['Connected', client.connected + ' s']];
      for (const [label, value] of cells) {
        const td = element('td', label === 'Player' ? 'agent' : '', value);
        td.dataset.label = label;
        row.append(td);
      }
      const action = element('td', 'actions');
      const kick = element('button', 'danger', 'Kick');
      kick.type = 'button';
      kick.setAttribute('aria-label', 'Kick listener ' + client.id + ' (' + client.ip + ')');
      kick.addEventListener('click', () => command('killclient', { mount, id: client.id }));
      action.append(kick);
      row.append(action);
      return row;
    }));
    if (clients.length === 0) {
      const row = element('tr');
      const td = element('td', '', 'No listeners.');
      td.colSpan = 5;
      row.append(td);
      panel.body.append(row);
    }
  }

  async function renderPlaylist(panel, mount) {
    const loaded = panel.state.trackCount;
    const params = loaded === null ? { mount, upcoming: 5 } : { mount, upcoming: 5, tracks: 0 };
    const { ok, body } = await api('playlist', params);
    panel.playlist.hidden = !ok;
    if (!ok) {
      return;
    }
    panel.current.textContent = 'Playing: ' + (body.current ? body.current.title : 'nothing');
    panel.upcoming.replaceChildren(...body.upcoming.map((track) => element('li', '', track.title)));
    if (body.tracks) {
      fillSelect(panel.trackSelect, body.tracks.map((track) => [track.id, track.title]));
      panel.state.trackCount = body.track_count;
    } else if (loaded !== null && body.track_count !== loaded) {
      // A rescan (by hand, periodic, or after a config reload) finished since the list was loaded: load it again.
      panel.state.trackCount = null;
      await renderPlaylist(panel, mount);
    }
  }

  async function refresh() {
    try {
      const { ok, body } = await api('listmounts', {});
      if (!ok) {
        throw new Error(body.message || 'not authorised');
      }
      const mounts = body.mounts;
      empty.hidden = mounts.length !== 0;
      const seen = new Set();
      for (const info of mounts) {
        seen.add(info.mount);
        let panel = panels.get(info.mount);
        if (!panel) {
          panel = createPanel(info.mount, info.listeners);
          panels.set(info.mount, panel);
        }
        panel.summary.textContent = 'On air: ' + info.on_air + ' · ' + info.listeners + ' listener'
          + (info.listeners === 1 ? '' : 's') + (info.title ? ' · “' + info.title + '”' : '');
        panel.kickSource.hidden = info.on_air !== 'live';
        const destinations = mounts.filter((other) => other.mount !== info.mount);
        fillSelect(panel.destination, destinations.map((other) => [other.mount, other.mount]));
        panel.moveForm.hidden = destinations.length === 0;
        if (info.listeners > OPEN_LISTENERS_UP_TO && !panel.state.listenersByHand) {
          // Too many to list at every poll, unless the user asked for them.
          panel.listenersBox.open = false;
        }
        if (panel.listenersBox.open) {
          const clients = await api('listclients', { mount: info.mount });
          renderListeners(panel, info.mount, clients.ok ? clients.body.clients : []);
        }
        await renderPlaylist(panel, info.mount);
        panel.state.shown = true;
      }
      for (const [mount, panel] of panels) {
        if (!seen.has(mount)) {
          panel.section.remove();
          panels.delete(mount);
        }
      }
    } catch (error) {
      result.textContent = 'Could not load the mounts: ' + error.message;
    }
  }

  async function loop() {
    await refresh();
    setTimeout(loop, POLL_MS);
  }

  loop();
}());
