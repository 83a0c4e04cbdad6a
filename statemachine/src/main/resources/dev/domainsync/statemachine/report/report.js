document.documentElement.classList.add('js');
document.querySelectorAll('tbody.iteration').forEach(function (group) {
  var head = group.querySelector('tr.iteration-head');
  if (head) { head.addEventListener('click', function () { group.classList.toggle('open'); }); }
});