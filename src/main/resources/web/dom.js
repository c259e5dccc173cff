// DOM helpers shared by the status page (status.js) and the admin page (admin.js); loaded before either.
'use strict';

const relaycastDom = Object.freeze({
  /** A new element with an optional class and text. */
  element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) {
      node.className = className;
    }
    if (text !== undefined) {
      node.textContent = text;
    }
    return node;
  },

  /** A stable element id for a mount path: the prefix, then the path with anything unusual replaced. */
  idFor(prefix, mount) {
    return prefix + '-' + mount.replace(/[^A-Za-z0-9_-]/g, '_');
  }
});
