// docker-core sandbox, portainer stand-in. Every string that comes from the engine is inserted as text
// (textContent / createTextNode), never as HTML.
'use strict';

function api(name) {
  return fetch('cgi-bin/api?' + name, { cache: 'no-store' }).then(function (r) { return r.json(); })
    .then(function (data) {
      if (data && !Array.isArray(data) && typeof data.message === 'string' && Object.keys(data).length === 1) {
        throw new Error(data.message);
      }
      return data;
    });
}

function el(tag, text, cls) {
  var e = document.createElement(tag);
  if (text !== undefined && text !== null) e.textContent = String(text);
  if (cls) e.className = cls;
  return e;
}

function table(id, headers, rows) {
  var t = document.getElementById(id);
  t.replaceChildren();
  var head = el('tr');
  headers.forEach(function (h) { head.appendChild(el('th', h)); });
  t.appendChild(head);
  if (rows.length === 0) {
    var tr = el('tr'), td = el('td', '(none / 无)');
    td.colSpan = headers.length;
    tr.appendChild(td);
    t.appendChild(tr);
  }
  rows.forEach(function (cells) {
    var tr = el('tr');
    cells.forEach(function (c) {
      tr.appendChild(typeof c === 'object' && c !== null ? el('td', c.text, c.cls) : el('td', c));
    });
    t.appendChild(tr);
  });
}

function ago(seconds) {
  var d = Math.max(0, Date.now() / 1000 - seconds);
  if (d < 60) return Math.round(d) + ' s ago';
  if (d < 3600) return Math.round(d / 60) + ' min ago';
  if (d < 86400) return Math.round(d / 3600) + ' h ago';
  return Math.round(d / 86400) + ' days ago';
}

function size(bytes) {
  if (bytes >= 1e9) return (bytes / 1e9).toFixed(2) + ' GB';
  if (bytes >= 1e6) return (bytes / 1e6).toFixed(1) + ' MB';
  return (bytes / 1e3).toFixed(1) + ' kB';
}

function ports(list) {
  return (list || []).map(function (p) {
    return (p.PublicPort ? (p.IP || '0.0.0.0') + ':' + p.PublicPort + '->' : '') + p.PrivatePort + '/' + p.Type;
  }).filter(function (v, i, a) { return a.indexOf(v) === i; }).join(', ');
}

function showEngine(version, info) {
  var dl = document.getElementById('engine');
  dl.replaceChildren();
  [['Docker version', version.Version], ['API version', version.ApiVersion],
   ['OS / arch', version.Os + '/' + version.Arch], ['Kernel', version.KernelVersion],
   ['Name', info.Name], ['Operating system', info.OperatingSystem], ['Storage driver', info.Driver],
   ['Containers', info.Containers + ' (running ' + info.ContainersRunning + ', stopped ' + info.ContainersStopped + ')'],
   ['Images', info.Images], ['CPUs / memory', info.NCPU + ' / ' + size(info.MemTotal)]
  ].forEach(function (kv) { dl.appendChild(el('dt', kv[0])); dl.appendChild(el('dd', kv[1])); });
}

function showContainers(list) {
  table('containers', ['Name', 'Image', 'State', 'Status', 'Ports', 'Created', 'ID'], list.map(function (c) {
    return [(c.Names || []).map(function (n) { return n.replace(/^\//, ''); }).join(', '), c.Image,
      { text: c.State, cls: c.State }, c.Status, ports(c.Ports), ago(c.Created), { text: c.Id.slice(0, 12), cls: 'mono' }];
  }));
}

function showImages(list) {
  table('images', ['Repository:tag', 'Image ID', 'Size', 'Created'], list.map(function (i) {
    return [(i.RepoTags && i.RepoTags.length ? i.RepoTags : ['<none>:<none>']).join(', '),
      { text: i.Id.replace('sha256:', '').slice(0, 12), cls: 'mono' }, size(i.Size), ago(i.Created)];
  }));
}

function refresh() {
  var status = document.getElementById('status');
  status.className = '';
  status.textContent = 'loading…';
  Promise.all([api('version'), api('info'), api('containers'), api('images')]).then(function (r) {
    showEngine(r[0], r[1]);
    showContainers(r[2]);
    showImages(r[3]);
    status.textContent = 'updated ' + new Date().toLocaleTimeString();
  }).catch(function (e) {
    status.className = 'error';
    status.textContent = 'Error: ' + e.message;
  });
}

document.getElementById('refresh').addEventListener('click', refresh);
refresh();
setInterval(refresh, 10000);
