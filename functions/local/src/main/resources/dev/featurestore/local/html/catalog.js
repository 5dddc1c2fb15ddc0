(function () {
  var search = document.getElementById('search');
  var count = document.getElementById('match-count');
  var noMatch = document.getElementById('no-match');
  var tagButtons = Array.prototype.slice.call(document.querySelectorAll('#tags .tag'));
  var groups = Array.prototype.slice.call(document.querySelectorAll('section.group'));
  var active = {};

  function apply() {
    var terms = search.value.toLowerCase().split(/\s+/).filter(function (t) { return t.length > 0; });
    var tags = Object.keys(active);
    var shown = 0;
    groups.forEach(function (g) {
      var groupText = g.getAttribute('data-search');
      var visible = 0;
      g.querySelectorAll('tr.field').forEach(function (row) {
        var text = row.getAttribute('data-search') + ' ' + groupText;
        var rowTags = row.getAttribute('data-tags').split(',');
        var ok = terms.every(function (t) { return text.indexOf(t) >= 0; })
          && tags.every(function (t) { return rowTags.indexOf(t) >= 0; });
        row.classList.toggle('hidden', !ok);
        if (ok) { visible++; }
      });
      g.classList.toggle('hidden', visible === 0);
      shown += visible;
    });
    count.textContent = shown + (shown === 1 ? ' field' : ' fields');
    noMatch.classList.toggle('hidden', shown > 0);
    var hash = [];
    if (search.value) { hash.push('q=' + encodeURIComponent(search.value)); }
    tags.forEach(function (t) { hash.push('tag=' + encodeURIComponent(t)); });
    try { history.replaceState(null, "", hash.length ? "#" + hash.join("&") : location.pathname + location.search); } catch (e) { /* file: pages may refuse */ }
  }

  search.addEventListener('input', apply);
  tagButtons.forEach(function (b) {
    b.addEventListener('click', function () {
      var t = b.getAttribute('data-tag');
      if (active[t]) { delete active[t]; } else { active[t] = true; }
      b.classList.toggle('on', !!active[t]);
      apply();
    });
  });
  location.hash.replace(/^#/, '').split('&').forEach(function (part) {
    var kv = part.split('=');
    var value = decodeURIComponent(kv[1] || '');
    if (kv[0] === 'q') { search.value = value; }
    if (kv[0] === 'tag') {
      active[value] = true;
      tagButtons.forEach(function (b) { if (b.getAttribute('data-tag') === value) { b.classList.add('on'); } });
    }
  });
  apply();
})();
