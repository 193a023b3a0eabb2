import './base.css';
import './renderers.css';
import './panel.css';
