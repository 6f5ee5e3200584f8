/* The newsroom's small conveniences; every page works without them.
 * - Read-only fields with class "copy" (preview links, Markdown of media) select
 *   their text on focus and get a "Copy" button.
 * - Buttons of class "danger" ask before they act. */
"use strict";
(function () {
	function addCopy(input) {
		input.addEventListener("focus", function () { input.select(); });
		if (!navigator.clipboard) return;
		var b = document.createElement("button");
		b.type = "button";
		b.textContent = "Copy";
		b.className = "copy-button";
		b.addEventListener("click", function () {
			navigator.clipboard.writeText(input.value).then(function () {
				b.textContent = "Copied";
				setTimeout(function () { b.textContent = "Copy"; }, 1500);
			});
		});
		input.insertAdjacentElement("afterend", b);
	}
	function confirmDanger(button) {
		button.addEventListener("click", function (e) {
			if (!window.confirm(button.textContent + "?")) e.preventDefault();
		});
	}
	document.addEventListener("DOMContentLoaded", function () {
		document.querySelectorAll("input.copy").forEach(addCopy);
		document.querySelectorAll("button.danger").forEach(confirmDanger);
	});
})();
