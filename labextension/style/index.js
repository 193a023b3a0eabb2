import './base.css';
import './renderers.css';
import './panel.css';
import './labs.css';
import './flow.css';
